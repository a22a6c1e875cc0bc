"""The class board: students publish finished runs under a display name to one SQLite database the whole
server shares; the board shows, charts, summarises and exports them (`python -m har board`).

database (the file, its schema and migrations), store (the board's operations), entry (what one published
model holds), access (rate limit, lecturer key), figures, table, summary (what the page and the CLI show), cli.
"""
