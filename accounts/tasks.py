"""Periodic jobs of accounts: expired sessions, login history retention and its buffer.

Both run through the maintenance task guard (the Celery app's base task), so they skip while
maintenance is on and do their work at the next tick after it ends.
"""

from celery import shared_task

from accounts import login_history
from accounts.sessions import SessionStore


@shared_task(name="accounts.clear_expired_sessions")
def clear_expired_sessions():
    """Delete expired admin sessions: an ordinary job that pauses during maintenance."""
    SessionStore.clear_expired()


@shared_task(name="accounts.login_history_retention")
def login_history_retention() -> dict:
    """Write attempts buffered during maintenance, then drop those older than 14 days."""
    flushed = login_history.flush_buffer()
    purged = login_history.purge_old()
    return {"flushed": flushed, "purged": purged}
