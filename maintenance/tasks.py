"""Periodic jobs of the maintenance app."""

from celery import shared_task

from maintenance.task_guard import MaintenanceAwareTask


# It must run while maintenance is on: that is when a window ends.
@shared_task(
    name="maintenance.close_finished_window", base=MaintenanceAwareTask, maintenance_exempt=True
)
def close_finished_window():
    """Record the end of a scheduled window (the accessor already honours it to the second)."""
    from maintenance import services

    return services.close_finished_window()
