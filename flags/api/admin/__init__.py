"""The admin REST API: Unleash's route shapes over our services and selectors."""
