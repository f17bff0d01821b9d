"""Template tags of the flags app."""
