"""The API layer every app shares: Unleash's error shape, the DRF handler, parser and base views."""
