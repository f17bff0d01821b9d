"""Integrations (Unleash's addons): webhook configurations and their deliveries of flag events."""
