"""Tests of maintenance mode."""
