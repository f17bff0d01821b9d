"""SDK metrics, client applications and instances."""
