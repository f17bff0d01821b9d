"""The test suite; it mirrors the code layout."""
