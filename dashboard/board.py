"""The Class page's glue: which of the session's runs it may publish, publishing under the session's rate limit,
the board as this session last read it (read again only when the database changed), and the lecturer key."""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard import keeping, state
from dashboard.markup import plain
from har.board.access import check_rate, is_lecturer, lecturer_key
from har.board.entry import Entry, entries_from_record
from har.board.figures import accuracy_chart, by_data
from har.board.store import Board, BoardInfo
from har.board.summary import comparisons, sentences, setup_label
from har.errors import HarError
from har.i18n import render
from har.messages import Message
from har.runs import RunRecord

LECTURER_PARAM = "lecturer"  # ?lecturer=<HAR_BOARD_ADMIN> unlocks the lecturer controls for a session
POLL_SECONDS = 2.0  # how often an open board asks the database whether anything changed


def publishable(ss: MutableMapping) -> dict[str, RunRecord]:
    """Finished runs this server trained for this browser, as it recorded them (the run store's, never what a
    session uploaded), newest first: what it may publish."""
    found = [r for r in keeping.trained_records(ss).values() if r.status == "finished"]
    return {r.id: r for r in reversed(found)}


def run_label(record: RunRecord, tr) -> str:
    accs = {name: f"{m.last.test_acc:.1%}" if m.history else "-" for name, m in record.models.items()}
    return tr("board.run_label", id=record.id, created=record.created, rnn=accs.get("rnn"), cnn=accs.get("cnn"))


def publish(ss: MutableMapping) -> None:
    """Publish the chosen run under the typed name; what happened goes to BOARD_MESSAGE, never an exception."""
    now = time.time()
    try:
        recent = check_rate(ss.get(state.BOARD_TIMES, []), now)
        record = publishable(ss).get(ss.get(state.BOARD_RUN))
        if record is None:
            raise HarError.of("board.no_run")
        entries = entries_from_record(record, ss.get(state.BOARD_NAME, ""))
        info = Board().publish(entries)
    except HarError as e:
        ss[state.BOARD_MESSAGE] = ("error", Message("board.refused", msg=e.sentence))
        return
    ss[state.BOARD_TIMES] = [*recent, now]
    ss[state.BOARD_MESSAGE] = ("success", Message("board.published", board=info.name, name=entries[0].name))


def show_message(ss: MutableMapping, lang: str) -> None:
    """The last publish's or lecturer action's outcome, as plain text (names are never read as markup)."""
    if state.BOARD_MESSAGE not in ss:
        return
    kind, message = ss[state.BOARD_MESSAGE]
    show = st.success if kind == "success" else st.error
    show(plain(render(message, lang)), icon=":material/check_circle:" if kind == "success" else ":material/error:")


@dataclass(frozen=True)
class View:
    """The current board of the database at `path` as read at `revision`, with one (chart, summary sentences)
    per data set in `lang`."""

    revision: int
    lang: str
    dark: bool
    path: Path
    info: BoardInfo
    entries: list[Entry]
    charts: list[tuple]  # (plotly figure, summary sentences), one per data set
    setups: dict[str, frozenset[str]]  # each comparison's label in `lang` -> the run ids it holds


def view(ss: MutableMapping, lang: str, dark: bool = False) -> View:
    """The board for this session: one cheap query per poll, entries and figures only when it changed."""
    board = Board()
    revision = board.revision()
    cached = ss.get(state.BOARD_VIEW)
    wanted = (revision, lang, dark, board.path)
    if cached is not None and (cached.revision, cached.lang, cached.dark, cached.path) == wanted:
        return cached
    entries = board.entries()
    groups = by_data(entries).items()
    charts = [
        (accuracy_chart(k, group, lang, dark=dark), [render(s, lang) for s in sentences(group)]) for k, group in groups
    ]
    setups = {render(setup_label(c), lang): c.run_ids for c in comparisons(entries)}
    ss[state.BOARD_VIEW] = View(revision, lang, dark, board.path, board.current(), entries, charts, setups)
    return ss[state.BOARD_VIEW]


def lecturer(ss: MutableMapping) -> str:
    """ "on" when this session may use the lecturer controls, "off" when the server set no key, "wrong" for a
    wrong key, "" when none was given. A right key is remembered and taken out of the address bar."""
    if has_lecturer_key(ss):
        return "on"
    given = st.query_params.get(LECTURER_PARAM)
    if given is None:
        return ""
    if not lecturer_key():
        return "off"
    if not is_lecturer(given):
        return "wrong"
    ss[state.BOARD_LECTURER] = True
    del st.query_params[LECTURER_PARAM]  # off the projected address bar
    return "on"


def clear_board(ss: MutableMapping) -> None:
    """The lecturer's Clear: every entry of the current board goes."""
    ss[state.BOARD_CLEAR_CONFIRM] = False  # each clear is confirmed anew
    lecturer_action(ss, lambda: Message("board.cleared", entries=Board().clear()))


def new_board(ss: MutableMapping) -> None:
    """The lecturer's New board: named as typed, or by today's date; students publish to it from now on."""
    name = ss.get(state.BOARD_NEW_NAME, "").strip() or None
    lecturer_action(ss, lambda: Message("board.started", board=Board().new_board(name).name))


def has_lecturer_key(ss: MutableMapping) -> bool:
    """Whether this session gave the server's lecturer key, and the server still has one: the one check before
    any lecturer control, here and on the Lecture panel (a stale page's button gets nothing)."""
    return ss.get(state.BOARD_LECTURER) is True and bool(lecturer_key())


def lecturer_action(ss: MutableMapping, action, message: str = state.BOARD_MESSAGE) -> None:
    """One of the lecturer's controls, run only for a session with the key: the Message `action` returns, or the
    sentence of the HarError it raises, goes to `ss[message]` as ("success" | "error", sentence)."""
    if not has_lecturer_key(ss):
        return
    try:
        done = action()
    except HarError as e:
        ss[message] = ("error", e.sentence)
        return
    ss[message] = ("success", done)
