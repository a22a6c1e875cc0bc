"""Shared links: the setup a link carries, applied on a session's first run, and the link to this session's setup."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard.context import AppContext
from dashboard.settings import apply_setup, current_setup
from har.i18n import translator
from har.share import decode, query_string


def apply_link(ss: MutableMapping) -> list[str]:
    """Load the setup the page's link carries into the settings; return what to tell the user.

    A link with nothing but `lang` (or no parameters) changes nothing. A bad value never stops
    the app: har.share.decode replaces it with its default and explains why.
    """
    params = st.query_params.to_dict()
    if not set(params) - {"lang"}:
        return []
    setup, warnings = decode(params)
    moved = apply_setup(ss, setup)
    tr = translator(setup.lang)
    return [
        tr("side.link_applied"),
        *warnings,
        *(tr("side.link_moved", setting=key, asked=asked, given=given) for key, asked, given in moved),
    ]


def share_query(ss: MutableMapping, ctx: AppContext) -> str:
    """The query string ("?data=...&split=...") that opens the dashboard on this session's setup."""
    return "?" + query_string(current_setup(ss, ctx))
