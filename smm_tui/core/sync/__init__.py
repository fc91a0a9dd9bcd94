"""Two-way sync with a CalDAV collection: the parts that need no network.

`item` is one task as both sides see it (and its digest), `engine` decides
what to do from the local tasks, the server's listing and the status records,
`vtodo` maps a task to a VTODO and back, `status` reads and writes the status
records. The network client lives outside core (`smm_tui.sync`).
"""
