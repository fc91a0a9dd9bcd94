"""Widgets of the day screen; each carries DEFAULT_CSS that uses only theme variables."""
