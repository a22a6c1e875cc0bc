"""The lecturer's Lecture panel (Class page, with the lecturer key): send this session's setup to every open session,
ask the class which model will win and by how much, watch the answers come in, reveal the outcome of the
lecturer's own race (or the board's verdict) beside the prediction; and how many students are connected,
training, waiting and finished."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.context import AppContext
from dashboard.lecture import MARGIN_KEYS, POLL_SECONDS, WINNER_KEYS, outcome_text
from dashboard.markup import plain
from dashboard.sessions import session_counts
from dashboard.settings import current_setup
from har.board.access import lecturer_key
from har.board.lecture import MARGINS, WINNERS, Lecture, Question, board_outcome, race_outcome
from har.board.store import Board
from har.errors import HarError
from har.i18n import render, translator
from har.messages import Message


def allowed(ss: MutableMapping) -> bool:
    """Only a session that gave the server's lecturer key (a stale page's button gets nothing)."""
    return ss.get(state.BOARD_LECTURER) is True and bool(lecturer_key())


def _act(ss: MutableMapping, action) -> None:
    if not allowed(ss):
        return
    try:
        done = action()
    except HarError as e:
        ss[state.LECTURE_MESSAGE] = ("error", e.sentence)
        return
    ss[state.LECTURE_MESSAGE] = ("success", done)


def send_setup(ss: MutableMapping, ctx: AppContext) -> None:
    _act(ss, lambda: Message("lecture.sent", offer=Lecture().send(current_setup(ss, ctx)).id))


def ask(ss: MutableMapping) -> None:
    _act(ss, lambda: Message("lecture.asked", question=Lecture().ask().id))


def outcome(ss: MutableMapping) -> tuple[str, float, str] | None:
    """(winner, points, source): the newest of the lecturer's runs with both models, else the board's verdict."""
    for record in reversed(list(ss.get(state.RUNS, {}).values())):
        found = race_outcome(record)
        if found is not None:
            return (*found, "race")
    found = board_outcome(Board().entries())
    return None if found is None else (*found, "board")


def reveal(ss: MutableMapping, question: Question) -> None:
    def action():
        found = outcome(ss)
        if found is None:
            raise HarError.of("lecture.no_outcome")
        Lecture().reveal(question.id, *found)
        return Message("lecture.revealed")

    _act(ss, action)


def tally(question: Question, lang: str, *, big: bool = False) -> None:
    """The answers so far (counts only, never who), and the outcome once revealed."""
    tr = translator(lang)
    votes = question.by_winner()
    tiles = [st] * 3 if big else st.columns(3)  # on the projector: one above the other, in a side column
    tiles[0].metric(tr("lecture.answers"), question.answers)
    for tile, w in zip(tiles[1:], WINNERS, strict=True):
        tile.metric(tr(WINNER_KEYS[w]), votes[w])
    margins = {tr(MARGIN_KEYS[m]): sum(n for (_, mm), n in question.votes.items() if mm == m) for m in MARGINS}
    st.caption(" · ".join(f"{label}: {n}" for label, n in margins.items()))
    if question.revealed:
        (st.success if not big else st.info)(outcome_text(question, lang), icon=":material/flag:")


def counts_line(lang: str) -> None:
    c = session_counts()
    tr = translator(lang)
    tiles = st.columns(4)
    for tile, key, n in zip(
        tiles,
        ("lecture.connected", "lecture.training", "lecture.queued", "lecture.finished"),
        (c.connected, c.training, c.queued, c.finished),
        strict=True,
    ):
        tile.metric(tr(key), n)


def live(ss: MutableMapping, lang: str) -> None:
    """The polled part: counts, the tally, Reveal."""
    tr = translator(lang)
    counts_line(lang)
    try:
        question = Lecture().question()
    except HarError as e:
        st.error(plain(render(e.sentence, lang)), icon=":material/error:")
        return
    if question is None:
        st.caption(tr("lecture.no_question"))
        return
    tally(question, lang)
    if not question.revealed:
        st.button(
            tr("lecture.reveal"),
            on_click=reveal,
            args=(ss, question),
            help=tr("lecture.reveal_help"),
            icon=":material/visibility:",
            key=state.LECTURE_REVEAL,
        )


def panel(ss: MutableMapping, ctx: AppContext) -> None:
    """The Lecture panel, for a session with the lecturer key."""
    if not allowed(ss):
        return
    tr = translator(ctx.lang)
    st.subheader(tr("lecture.header"))
    c = st.columns(2)
    c[0].button(
        tr("lecture.send"),
        on_click=send_setup,
        args=(ss, ctx),
        help=tr("lecture.send_help"),
        icon=":material/send:",
        key=state.LECTURE_SEND,
    )
    c[1].button(
        tr("lecture.ask"),
        on_click=ask,
        args=(ss,),
        help=tr("lecture.ask_help"),
        icon=":material/quiz:",
        key=state.LECTURE_ASK,
    )
    if state.LECTURE_MESSAGE in ss:
        kind, message = ss.pop(state.LECTURE_MESSAGE)
        (st.success if kind == "success" else st.error)(plain(render(message, ctx.lang)))
    st.fragment(live, run_every=POLL_SECONDS)(ss, ctx.lang)


def projector_question(lang: str) -> None:
    """On the projector's Class page: the current question's tally, large (polled)."""

    def draw():
        try:
            question = Lecture().question()
        except HarError:
            return
        if question is not None:
            st.markdown(translator(lang)("lecture.question"))
            tally(question, lang, big=True)

    st.fragment(draw, run_every=POLL_SECONDS)()
