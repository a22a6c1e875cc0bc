"""Which browser a session belongs to: an unguessable identity (128 random bits) kept in a cookie of this server,
so a reload, a reopened tab or a server restart finds the browser's runs again. It is never put in a link, a QR
code or a run record; the run store keeps only a hash of it (har.store.owner_of)."""

from __future__ import annotations

import re
import secrets
from collections.abc import MutableMapping

import streamlit as st

from dashboard import state

COOKIE = "har_browser"
VALID = re.compile(r"[0-9a-f]{32}")  # what this module hands out: anything else a browser sends is ignored
MAX_AGE_S = 400 * 86400  # the longest a browser keeps a cookie; the store's expiry decides what it still finds


def from_cookie() -> str | None:
    """The identity the browser sent with this session's first request, when it is one of ours."""
    try:
        given = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind this session (AppTest, a bare script run)
        return None
    return given if isinstance(given, str) and VALID.fullmatch(given) else None


def browser_identity(ss: MutableMapping) -> str:
    """This session's browser identity: the cookie's, or a new one (then `remember` sets the cookie)."""
    if state.IDENTITY not in ss:
        found = from_cookie()
        ss[state.IDENTITY] = found or secrets.token_hex(16)
        ss[state.IDENTITY_NEW] = found is None
    return ss[state.IDENTITY]


def remember(ss: MutableMapping) -> None:
    """Set the identity's cookie in the browser, on every full run of a session that came without one (a run cut
    short by a rerun may never reach the browser). Only a value of our own form goes into the script: hex only,
    nothing to escape; anything else sets no cookie (a check that holds under `python -O` too)."""
    if not ss.get(state.IDENTITY_NEW):
        return
    value = ss[state.IDENTITY]
    if not (isinstance(value, str) and VALID.fullmatch(value)):
        return
    st.html(
        f"<script>document.cookie = '{COOKIE}={value}; Max-Age={MAX_AGE_S}; Path=/; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
