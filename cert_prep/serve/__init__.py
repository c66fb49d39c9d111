"""`cert-prep serve`: the full-screen app in a browser, one process per tab, for one
student or a whole class (each student's history in its own folder).

Only `server` and `sign_in` import aiohttp, textual-serve or textual; `access` holds the
rules (labels, passphrases, hosts) and imports neither, so they are cheap to test.
"""
