"""Reminders: one concept, one package.

- `engine`: the pure reminder engine - which reminders are due at an instant,
  when the next one is, snooze, digests, DST-proof keys. Data in, data out.
- `deliveries`: a step's reminders as notifications (one line, title, body,
  the notify_command placeholders).
- `service`: engine + store + clock + settings, with the fired/snoozed state
  kept in the data dir; the one object both front ends drive.
- `loop`: `smm-tui remind`, the service without the UI.
- `notify`: running the user's notify_command safely.

Nothing in this package imports textual (an import-linter contract keeps it
so); the TUI's adapter onto Textual timers and toasts is
`smm_tui.ui.reminder_desk`. Importing the package imports none of its modules.
"""
