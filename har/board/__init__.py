"""The class board: students publish finished runs under a display name to one SQLite database the whole
server shares; the board shows, charts, summarises and exports them (`python -m har board`).

store (the database), entry (what one published model holds), access (rate limit, lecturer key),
figures, table, summary (what the page and the CLI show), cli.
"""
