"""Maintenance mode: the settings singleton and everything that enforces it."""
