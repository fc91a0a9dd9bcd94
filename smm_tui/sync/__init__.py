"""Two-way sync with a CalDAV server: the network client and the round that uses the core engine.

`smm_tui.core.sync` decides (pure, tested over recorded states); this package
talks to the server (`client`), gets the password (`password`), carries a
round out (`run`) and wires it to the settings (`service`).
"""
