"""HTTP APIs of the flags app: client (SDK) endpoints and shared error responses."""
