"""Security tests: who may do what through which door."""
