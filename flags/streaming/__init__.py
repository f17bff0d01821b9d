"""Streaming (SSE /api/client/streaming) and delta polling (/api/client/delta) for the SDKs.

`state` holds one environment's flags and its recent changes (pure data), `engine` keeps those
states current from the database once per revision per process, `views` serve delta polling,
`hub` and `sse` serve the long-lived streams under ASGI.
"""
