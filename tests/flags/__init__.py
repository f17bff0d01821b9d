"""Tests of the flags app."""
