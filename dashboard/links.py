"""Shared links: the setup a link carries, applied on a session's first run; the full link to this session's
setup; and the language a session starts in (the link's, else the browser's)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.board import LECTURER_PARAM
from dashboard.context import AppContext
from dashboard.settings import apply_setup, current_setup
from har.i18n import DEFAULT, languages, render, translator
from har.messages import Message
from har.share import decode, link


def initial_lang() -> str:
    """The language of a new session: the link's `lang`, else the browser's (st.context.locale, "es-MX" -> "es"),
    else English."""
    wanted, available = st.query_params.get("lang"), languages()
    if wanted in available:
        return wanted
    browser = (st.context.locale or "").split("-")[0].lower()
    return browser if browser in available else DEFAULT


def apply_link(ss: MutableMapping) -> list[Message]:
    """Load the setup the page's link carries into the settings; return what to tell the user (Messages: the
    sidebar renders them in the session's language, as plain text).

    A link with nothing but `lang` (or no parameters) changes nothing; a link without `lang` keeps the
    session's language. A bad value never stops the app: har.share.decode replaces it with its
    default and explains why.
    """
    params = st.query_params.to_dict()
    if not set(params) - {"lang", LECTURER_PARAM}:  # the lecturer key carries no setup
        return []
    setup, warnings = decode({"lang": ss[state.LANG], **params})
    moved = apply_setup(ss, setup)
    return [Message("side.link_applied"), *warnings, *moved]


def note_markdown(note: Message, lang: str) -> str:
    """A note about a link, as markdown for an st.info: every text value in it (a value the link carried, a
    setting's link name) is a code span, where markdown makes no link, image or HTML of it, not even of a bare
    address; the rest is the catalog's own sentence."""
    return render(_quoted(note), lang)


def _quoted(value):
    if isinstance(value, Message):
        return Message(value.key, **{k: _quoted(v) for k, v in value.values.items()})
    return code_span(value) if isinstance(value, str) and value else value


def code_span(text: str) -> str:
    """`text` on one line as a markdown code span, its fence longer than any run of backticks inside it."""
    text = " ".join(text.splitlines())
    fence = "`" * (1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{fence} {text} {fence}"


def app_address() -> str:
    """The address of the page the viewer is on, without its query ("" when the browser did not say)."""
    return st.context.url or ""


def share_link(ss: MutableMapping, ctx: AppContext) -> str:
    """The full link that opens this page on this session's setup; the bare query ("?data=...") when the address
    is unknown."""
    return link(app_address(), current_setup(ss, ctx))


def share_box(ss: MutableMapping, ctx: AppContext) -> None:
    """The sidebar's "Share this setup": the link, ready to copy, and what it does."""
    tr = translator(ctx.lang)
    st.caption(tr("side.share_link_help" if app_address() else "side.share_help"))
    st.code(share_link(ss, ctx), language=None, wrap_lines=True)
