"""Accounts: sessions, login history and limits, the login form, and Unleash's user-admin."""
