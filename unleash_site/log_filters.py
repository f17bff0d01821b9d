"""Logging filters on the console handler: refusals in one line, routine task chatter at DEBUG."""

import logging

# Tasks beat sends every few seconds: Celery's "sending / received / succeeded" lines for them
# are bookkeeping. The task logs at INFO itself when it did something (metrics.tasks).
ROUTINE_TASKS = frozenset({"metrics.flush", "maintenance.close_finished_window"})
CELERY_BOOKKEEPING = frozenset({"celery.beat", "celery.worker.strategy", "celery.app.trace"})


class RefusalWithoutTraceback(logging.Filter):
    """A 4xx (Django's PermissionDenied, BadRequest, DisallowedHost ...) keeps its one line.

    Django logs those with the exception attached; the refusal is the client's mistake, so the
    traceback only buries the lines that matter. 5xx keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def _task_name(record: logging.LogRecord) -> str | None:
    data = getattr(record, "data", None)  # trace and strategy pass their context as extra
    if isinstance(data, dict):
        return data.get("name")
    args = record.args
    if isinstance(args, tuple) and len(args) == 2:  # beat: "Sending due task %s (%s)"
        return str(args[1])
    return None


class RoutineTasksAtDebug(logging.Filter):
    """Demote Celery's INFO bookkeeping about ROUTINE_TASKS to DEBUG (dropped unless enabled)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or record.name not in CELERY_BOOKKEEPING:
            return True
        if _task_name(record) not in ROUTINE_TASKS:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
