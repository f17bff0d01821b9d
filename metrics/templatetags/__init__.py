"""Template tags of the metrics app."""
