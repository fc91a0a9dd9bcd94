"""The domain: models, clock, routine, store, reminders, timeline, export.

Nothing under this package imports textual (a test proves it in a fresh
interpreter), and submodules are imported explicitly by their users so that
`import smm_tui.core` stays free of pydantic for the CLI's fast path.
"""
