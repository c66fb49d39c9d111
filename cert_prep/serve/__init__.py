"""`cert-prep serve`: the full-screen app in a browser, one process per tab, for one
student or a whole class (each student's history in its own folder).

`access` holds the rules (labels, passphrases, hosts); `server` is the web server
(aiohttp and textual-serve); `session` is what each tab runs. None of them imports
Textual: the class sign-in screen is UI, in cert_prep/ui/classroom.py.
"""
