"""Screens: the day (default), the task form, help, details. Imported lazily except the day screen."""
