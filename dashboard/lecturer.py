"""The lecturer's Lecture panel (Class page, with the lecturer key): send this session's setup to every open session,
ask the class which model will win and by how much, watch the answers come in, reveal the outcome of the
lecturer's own race (or the board's verdict) beside the prediction; and how many students are connected,
training, waiting and finished."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.board import has_lecturer_key, lecturer_action
from dashboard.context import AppContext
from dashboard.lecture import MARGIN_KEYS, POLL_SECONDS, WINNER_KEYS, outcome_text
from dashboard.markup import plain
from dashboard.sessions import session_counts
from dashboard.settings import current_setup
from har.board.lecture import MARGINS, WINNERS, Lecture, Question, board_outcome, race_outcome
from har.board.store import Board
from har.errors import HarError
from har.i18n import render, translator
from har.messages import Message


def send_setup(ss: MutableMapping, ctx: AppContext) -> None:
    def action():
        return Message("lecture.sent", offer=Lecture().send(current_setup(ss, ctx)).id)

    lecturer_action(ss, action, state.LECTURE_MESSAGE)


def ask(ss: MutableMapping) -> None:
    lecturer_action(ss, lambda: Message("lecture.asked", question=Lecture().ask().id), state.LECTURE_MESSAGE)


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

    lecturer_action(ss, action, state.LECTURE_MESSAGE)


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
    if not has_lecturer_key(ss):
        return
    tr = translator(ctx.lang)
    st.subheader(tr("lecture.header"))
    buttons = (  # (label, help, icon, widget key, what a click calls, with what)
        (tr("lecture.send"), tr("lecture.send_help"), ":material/send:", state.LECTURE_SEND, send_setup, (ss, ctx)),
        (tr("lecture.ask"), tr("lecture.ask_help"), ":material/quiz:", state.LECTURE_ASK, ask, (ss,)),
    )
    for column, (label, help_text, icon, key, click, args) in zip(st.columns(2), buttons, strict=True):
        column.button(label, on_click=click, args=args, help=help_text, icon=icon, key=key)
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
