"""Periodic jobs of the site: login history retention (14 days) and its maintenance buffer."""

from celery import shared_task

from unleash_site import login_history


@shared_task(name="unleash_site.login_history_retention")
def login_history_retention() -> dict:
    """Write attempts buffered during maintenance, then drop those older than 14 days.

    Runs through the maintenance task guard (the app's base task), so it skips while
    maintenance is on and does its work at the next tick after it ends.
    """
    flushed = login_history.flush_buffer()
    purged = login_history.purge_old()
    return {"flushed": flushed, "purged": purged}
