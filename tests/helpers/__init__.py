"""Helpers shared by more than one test folder (tests/ is on sys.path through its conftest.py).

Folder-local helpers stay beside their tests (ui/history_fixture.py, sync/sync_helpers.py,
torture/tui.py); what two folders both need lives here, once.
"""
