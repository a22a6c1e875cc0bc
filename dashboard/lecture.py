"""The students' side of the lecture, small, above every page: a setup the lecturer sent (Load / Keep mine), the
prediction question (answer once), and its outcome beside the class's prediction once revealed. A small fragment
polls the board database's lecture revision; nothing here ever touches a training in progress.

Answers belong to the browser (its identity's hash, as the run store names it), not to the Streamlit session: a
reload is a new session, yet it shows the vote its browser gave and cannot add another, and it is offered a
recent setup until its browser answers it."""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import replace

import streamlit as st

from dashboard import state
from dashboard.context import AppContext
from dashboard.identity import browser_identity
from dashboard.links import code_span
from dashboard.markup import plain
from dashboard.sessions import see_session
from dashboard.settings import apply_setup, current_setup
from har.board.lecture import MARGINS, WINNERS, Lecture, Offer, Question
from har.configs import SetupConfig
from har.errors import HarError
from har.i18n import render, translator
from har.share import linked
from har.slots import read
from har.store import owner_of

POLL_SECONDS = 2.0  # a sent setup or a new question reaches every open tab within this
UNSEEN_GRACE_S = 3.0  # a training's end is left to the Train page's own poll this long (see ended_unseen)
SNAPSHOT = "lecture_snapshot"  # (revision, offer, question, offer answered) as this session last read them
WINNER_KEYS = {"rnn": "lecture.winner.rnn", "cnn": "lecture.winner.cnn", "tie": "lecture.winner.tie"}
MARGIN_KEYS = {
    "close": "lecture.margin.close",
    "some": "lecture.margin.some",
    "clear": "lecture.margin.clear",
    "large": "lecture.margin.large",
}
SOURCE_KEYS = {"race": "lecture.source.race", "board": "lecture.source.board"}
SHOWN_MAX = 8  # settings an offer lists; the rest are summed up


def voter(ss: MutableMapping) -> str:
    """This browser's name in the lecture: the hash of its identity the run store keeps (never the identity), so
    every session of the browser, reloads included, answers a question once."""
    if not ss.get(state.OWNER):
        ss[state.OWNER] = owner_of(browser_identity(ss))
    return ss[state.OWNER]


def snapshot(ss: MutableMapping) -> tuple[Offer | None, Question | None, bool]:
    """The lecture as the database holds it, and whether this browser answered the offer: one cheap query per
    poll, the rest only when it changed."""
    lecture = Lecture()
    revision = lecture.revision()
    cached = ss.get(SNAPSHOT)
    if cached is None or cached[0] != revision:
        offer = lecture.offer()
        answered = offer is not None and lecture.answered(offer.id, voter(ss))
        cached = ss[SNAPSHOT] = (revision, offer, lecture.question(), answered)
    return cached[1], cached[2], cached[3]


def differences(offered: SetupConfig, mine: SetupConfig, lang: str) -> list[str]:
    """What loading the offer would change, one "setting: value" each (values as code spans: never markup)."""
    out = []
    for s in linked():
        if s.name == "lang":
            continue
        new, old = read(offered, s), read(mine, s)
        if new != old and new is not None:
            out.append(f"{render(s.what(), lang)}: {code_span(s.setting.text(new, ', '))}")
    return out


def answer_offer(ss: MutableMapping, offer: Offer, *, loaded: bool) -> None:
    """Put the offer away in this session, and for its browser in the board database (a reload is not offered it
    again); a database that cannot take it leaves only this session remembering."""
    ss[state.OFFER_SEEN] = offer.id
    try:
        Lecture().answer(offer.id, voter(ss), loaded=loaded)
    except HarError:
        pass
    ss.pop(SNAPSHOT, None)


def load_offer(ss: MutableMapping, offer: Offer) -> None:
    """Load: the offered setup replaces this session's settings (its language stays); the page reruns to show it."""
    apply_setup(ss, replace(offer.setup, lang=ss[state.LANG]))
    answer_offer(ss, offer, loaded=True)
    ss[state.OFFER_LOADED] = True


def keep_mine(ss: MutableMapping, offer: Offer) -> None:
    answer_offer(ss, offer, loaded=False)


def cast_vote(ss: MutableMapping, question: Question, browser: str) -> None:
    try:
        Lecture().vote(question.id, browser, ss[state.VOTE_WINNER], ss[state.VOTE_MARGIN])
    except HarError as e:
        ss[state.LECTURE_MESSAGE] = e.sentence
    ss.pop(SNAPSHOT, None)  # read again: the tally moved


def dismiss(ss: MutableMapping, question: Question) -> None:
    ss[state.QUESTION_SEEN] = question.id


def offer_box(ss: MutableMapping, ctx: AppContext, offer: Offer) -> None:
    tr = translator(ctx.lang)
    changes = differences(offer.setup, current_setup(ss, ctx), ctx.lang)
    shown = changes[:SHOWN_MAX]
    if len(changes) > SHOWN_MAX:
        shown.append(tr("lecture.offer_more", more=len(changes) - SHOWN_MAX))
    with st.container(border=True, key="lecture_offer"):
        st.markdown(tr("lecture.offer") + ("\n\n" + "\n".join(f"- {c}" for c in shown) if shown else ""))
        if not changes:
            st.caption(tr("lecture.offer_same"))
        job = ss.get(state.JOB)
        if job is not None and not job.done:
            st.caption(tr("lecture.offer_training"))
        c = st.columns([1, 1, 4])
        c[0].button(tr("lecture.load"), on_click=load_offer, args=(ss, offer), type="primary", key="offer_load")
        c[1].button(tr("lecture.keep"), on_click=keep_mine, args=(ss, offer), key="offer_keep")


def question_box(ss: MutableMapping, lang: str, question: Question) -> None:
    tr = translator(lang)
    me = voter(ss)
    with st.container(border=True, key="lecture_question"):
        st.markdown(tr("lecture.question"))
        mine = Lecture().voted(question.id, me)
        if mine is None:
            c = st.columns([2, 3, 1], vertical_alignment="bottom")
            c[0].radio(
                tr("lecture.pick_winner"), WINNERS, format_func=lambda w: tr(WINNER_KEYS[w]), key=state.VOTE_WINNER
            )
            c[1].radio(
                tr("lecture.pick_margin"),
                MARGINS,
                format_func=lambda m: tr(MARGIN_KEYS[m]),
                horizontal=True,
                key=state.VOTE_MARGIN,
            )
            c[2].button(tr("lecture.vote"), on_click=cast_vote, args=(ss, question, me), type="primary", key="vote")
        else:
            st.caption(tr("lecture.voted", winner=tr(WINNER_KEYS[mine[0]]), margin=tr(MARGIN_KEYS[mine[1]])))
        refused = ss.pop(state.LECTURE_MESSAGE, None)
        if refused is not None:
            st.error(plain(render(refused, lang)), icon=":material/error:")


def outcome_text(question: Question, lang: str) -> str:
    """The outcome beside the class's prediction, in one or two sentences."""
    tr = translator(lang)
    votes = question.by_winner()
    said = tr("lecture.outcome", winner=tr(WINNER_KEYS[question.outcome]), points=question.points or 0.0)
    said += " " + tr("lecture.outcome_from", source=tr(SOURCE_KEYS[question.source]))
    return said + " " + tr("lecture.predicted", rnn=votes["rnn"], cnn=votes["cnn"], answers=question.answers)


def outcome_box(ss: MutableMapping, lang: str, question: Question) -> None:
    tr = translator(lang)
    with st.container(border=True, key="lecture_outcome"):
        st.markdown(outcome_text(question, lang))
        st.button(tr("lecture.dismiss"), on_click=dismiss, args=(ss, question), key="outcome_dismiss")


def ended_unseen(ss: MutableMapping, now: float | None = None) -> bool:
    """Whether this session's training ended at least UNSEEN_GRACE_S ago and no full run of the session has filed
    it yet. A class of 30 on this 2-core machine once left one page without its end although the server had trained
    and filed its run (Streamlit dropped the end of a run when a fragment's tick came in as it finished; closed by
    dashboard.delivery); this poll, on every page, stays as a second way: the next full run files and draws the end,
    whatever became of the Train page's. It leaves the first seconds to the Train page's own poll, which draws the
    end line before it asks for the page's rerun: a rerun asked for from here first would drop that line unsent."""
    job = ss.get(state.JOB)
    if job is None or not job.done or job.id in ss.get(state.COLLECTED_JOBS, ()):
        return False
    ended = getattr(job, "ended", None)
    return ended is None or (time.time() if now is None else now) - ended >= UNSEEN_GRACE_S


def notices(ss: MutableMapping, ctx: AppContext) -> None:
    """What the lecturer sent or asked, until this session or its browser answers it, or it dismisses it
    (polled)."""
    if ss.pop(state.OFFER_LOADED, False):
        st.rerun(scope="app")  # the settings changed: every widget on the page shows the loaded values
    if ended_unseen(ss):
        st.rerun(scope="app")  # a second way for a training's end to reach the page (its own poll is the first)
    try:
        offer, question, answered = snapshot(ss)
    except HarError:
        return  # no board database here: the lecture is simply quiet
    if offer is not None and ss.get(state.OFFER_SEEN) != offer.id and not answered:
        offer_box(ss, ctx, offer)
    if question is not None and not question.revealed:
        question_box(ss, ctx.lang, question)
    elif question is not None and ss.get(state.QUESTION_SEEN) != question.id:
        outcome_box(ss, ctx.lang, question)


def student_bar(ss: MutableMapping, ctx: AppContext) -> None:
    """Above every page: note the session for the lecturer's counts, then the polled notices (not for the
    lecturer, who sent them, nor on the projector)."""
    see_session(ss.get(state.JOB))
    if ss.get(state.BOARD_LECTURER) or ss.get(state.PROJECTOR):
        return
    if state.OFFER_SEEN not in ss:  # sent before this session opened: news to it only while recent
        try:
            offer = Lecture().offer()
        except HarError:
            offer = None
        ss[state.OFFER_SEEN] = offer.id if offer is not None and not offer.recent() else None
    st.fragment(notices, run_every=POLL_SECONDS)(ss, ctx)
