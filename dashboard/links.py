"""Shared links: the setup a link carries, applied on a session's first run; the full link to this session's
setup; and the language a session starts in (the link's, else the browser's)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import replace

import streamlit as st
from streamlit import config

from dashboard import state
from dashboard.address import Address, page_path, public_address
from dashboard.board import LECTURER_PARAM
from dashboard.context import AppContext
from dashboard.join import join_dialog
from dashboard.projector import PARAM as PROJECTOR_PARAM
from dashboard.settings import apply_setup, current_setup
from har.board.lecture import Lecture
from har.errors import HarError
from har.i18n import DEFAULT, languages, render, translator
from har.messages import Message
from har.share import decode, link

JOIN_PARAM = "j"  # ?j=K7QXM: a short code standing for a setup (har/board/lecture.py)


def initial_lang() -> str:
    """The language of a new session: the link's `lang`, else the browser's (st.context.locale, "es-MX" -> "es"),
    else English."""
    wanted, available = st.query_params.get("lang"), languages()
    if wanted in available:
        return wanted
    browser = (st.context.locale or "").split("-")[0].lower()
    return browser if browser in available else DEFAULT


def carries_setup() -> bool:
    """Whether the page's link sets the setup: a joining code, or any setting (the language, the lecturer key and
    the projector view alone set none)."""
    params = set(st.query_params.to_dict())
    return JOIN_PARAM in params or bool(params - {"lang", LECTURER_PARAM, PROJECTOR_PARAM})


def apply_link(ss: MutableMapping) -> list[Message]:
    """Load the setup the page's link carries into the settings; return what to tell the user (Messages: the
    sidebar renders them in the session's language, as plain text).

    A link with nothing but `lang` (or no parameters) changes nothing; a link without `lang` keeps the
    session's language. A bad value never stops the app: har.share.decode replaces it with its
    default and explains why.
    """
    params = st.query_params.to_dict()
    if JOIN_PARAM in params:
        return apply_code(ss, params[JOIN_PARAM])
    if not carries_setup():
        return []
    setup, warnings = decode({"lang": ss[state.LANG], **params})
    moved = apply_setup(ss, setup)
    return [Message("side.link_applied"), *warnings, *moved]


def apply_code(ss: MutableMapping, code: str) -> list[Message]:
    """A short joining link (`?j=K7QXM`, typed from the projector): the setup stored under its code, in the
    session's language."""
    try:
        setup = Lecture().setup_for(code)
    except HarError as e:
        return [e.sentence]
    if setup is None:
        return [Message("join.unknown_code", code=code[:12])]
    return [Message("side.link_applied"), *apply_setup(ss, replace(setup, lang=ss[state.LANG]))]


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


def here() -> Address:
    """The public address of this server (dashboard/address.py), as the room reaches it."""
    return public_address(st.context.url or "")


def app_address() -> str:
    """The address of the page the viewer is on, at the public address, without its query ("" when the browser did
    not say): the lecturer's `localhost` tab still shares the address students can open."""
    seen = st.context.url or ""
    if not seen:
        return ""
    return here().page(page_path(seen, config.get_option("server.baseUrlPath") or ""))


def share_link(ss: MutableMapping, ctx: AppContext) -> str:
    """The full link that opens this page on this session's setup; the bare query ("?data=...") when the address
    is unknown."""
    return link(app_address(), current_setup(ss, ctx))


def short_link(ss: MutableMapping, ctx: AppContext) -> str:
    """This page's address with a short code for the session's setup ("192.168.1.20:8501/train?j=K7QXM"), to type
    from the back row; the bare address when the board database cannot store the code."""
    page = app_address().split("://", 1)[-1]
    try:
        return f"{page}?{JOIN_PARAM}={Lecture().code_for(current_setup(ss, ctx))}"
    except HarError:
        return page


def join_button(ss: MutableMapping, ctx: AppContext, key: str = state.JOIN_BUTTON) -> None:
    """Join: the Join dialog with this setup's link as a QR code and its short address."""
    tr = translator(ctx.lang)
    # The press is kept in the session until the dialog is dismissed, not only in the button's one-run trigger:
    # the QR code on the projector stays up while the page reruns (a setup sent, a training's end).
    st.button(
        tr("join.button"), icon=":material/qr_code_2:", help=tr("join.button_help"), key=key,
        on_click=ss.__setitem__, args=(state.JOIN_OPEN, key),
    )  # fmt: skip
    if ss.get(state.JOIN_OPEN) == key:
        join_dialog(
            share_link(ss, ctx), short_link(ss, ctx), here(), ctx.lang, on_dismiss=lambda: ss.pop(state.JOIN_OPEN, None)
        )


def share_box(ss: MutableMapping, ctx: AppContext) -> None:
    """The sidebar's "Share this setup": the link, ready to copy, and what it does; the Join button shows it as a
    QR code. A server only this machine can open says so, and how to open it to the room."""
    tr = translator(ctx.lang)
    st.caption(tr("side.share_link_help" if app_address() else "side.share_help"))
    st.code(share_link(ss, ctx), language=None, wrap_lines=True)
    address = here()
    if not address.reachable:
        st.warning(tr("join.loopback"), icon=":material/wifi_off:")
    join_button(ss, ctx)
