"""Request and response serializers of the admin API (Unleash's camelCase wire names)."""
