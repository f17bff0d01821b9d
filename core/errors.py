"""Errors raised by services; entry points turn them into 4xx or 503 answers or form errors."""

from django.core.management.base import CommandError


class ServiceError(Exception):
    status = 400
    name = "BadRequestError"

    def __init__(self, message: str, details: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []

    @classmethod
    def at(cls, path: str, message: str):
        return cls(f"{path}: {message}" if path else message, [{"path": path, "message": message}])

    @classmethod
    def from_details(cls, details: list[dict]):
        first = details[0]
        summary = f"{first['path']}: {first['message']}" if first["path"] else first["message"]
        if len(details) > 1:
            summary += f" (and {len(details) - 1} more)"
        return cls(summary, details)


class ValidationFailed(ServiceError):
    """Bad input; `details` is [{"path": "constraints[0].value", "message": "..."}]."""

    name = "ValidationError"


class NotFound(ServiceError):
    status = 404
    name = "NotFoundError"


class Conflict(ServiceError):
    status = 409
    name = "NameExistsError"


class Forbidden(ServiceError):
    status = 403
    name = "NoAccessError"


class WritesRefused(CommandError):
    """Writes are paused for a while (maintenance mode raises its MaintenanceActive): a 503.

    A CommandError too, so any manage.py command that meets it exits non-zero with this
    message rather than a traceback.
    """

    status = 503

    def __init__(self, message: str, *, retry_after: int = 300):
        super().__init__(message, returncode=3)
        self.message = message
        self.retry_after = retry_after
