"""User text in the dashboard's markdown: a file name, a path, a display name or an error quoting one is shown as
typed, never read as markup or HTML."""

from __future__ import annotations

import re

# What markdown (and HTML inside it) acts on within one line; the rest ("." "-" "#" ...) only at a line's start.
MARKUP = re.compile(r"([\\`*_\[\]<>|~:$&])")


def plain(text: str) -> str:
    """`text` on one line with each character markdown or HTML acts on escaped, for an st.error that quotes
    what a user typed or named (a file name, a path): it then shows as typed, never as markup."""
    return MARKUP.sub(r"\\\1", " ".join(str(text).splitlines()))
