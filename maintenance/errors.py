"""The error raised when a configuration write meets maintenance mode."""


class MaintenanceActive(Exception):
    status = 503

    def __init__(self, message: str = "Maintenance mode is on: configuration is read-only."):
        super().__init__(message)
        self.message = message
