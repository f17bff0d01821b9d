"""Projects, environments, flags, strategies, segments, tokens, events and evaluation."""
