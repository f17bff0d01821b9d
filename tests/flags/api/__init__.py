"""Tests of the flags HTTP APIs."""
