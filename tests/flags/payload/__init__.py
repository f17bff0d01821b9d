"""Tests of the features payload package."""
