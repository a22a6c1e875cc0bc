"""The Class page under AppTest: publish a run of the session, refuse a second publish, names shown as plain
text, the full-board and rate-limit messages, other sessions' runs appearing, filters, the lecturer's controls."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest
from support.app import train_small_pair
from support.board import finished_run
from support.paths import ROOT

from dashboard import state
from dashboard.markup import plain
from har.board import access
from har.board.entry import entries_from_record
from har.board.store import Board
from har.i18n import t

PAGE = ROOT / "pages" / "board.py"
w = state.widget_key
INJECTIONS = ("**x**", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>")


@pytest.fixture(autouse=True)
def _tiny_app(app_env, monkeypatch):
    """The tiny demo, an empty data folder (so an empty board) and no lecturer key unless a test sets one."""
    monkeypatch.delenv("HAR_BOARD_DB", raising=False)
    monkeypatch.delenv("HAR_BOARD_MAX_ENTRIES", raising=False)
    monkeypatch.delenv(access.ADMIN_ENV, raising=False)


def page(records=(), *, lang="en", trained=True, query=None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.session_state[state.LANG] = lang
    at.session_state[state.RUNS] = {r.id: r for r in records}
    at.session_state[state.TRAINED_RUNS] = {r.id for r in records} if trained else set()
    # what the server recorded of its trainings for this session (here: the store is empty)
    at.session_state[state.TRAINED_RECORDS] = {r.id: r for r in records} if trained else {}
    at.query_params.update(query or {})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def publish(at: AppTest, record: dict, name: str) -> AppTest:
    at.selectbox(key=state.BOARD_RUN).select(record.id)
    at.text_input(key=state.BOARD_NAME).input(name)
    at.button(key=state.BOARD_PUBLISH).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def caption_with(at, words: str) -> list[str]:
    return [c.value for c in at.caption if words in c.value]


def test_publishing_shows_the_run_and_names_stay_plain_text(tiny_demo):
    records = [finished_run(tiny_demo, seed=i) for i in range(3)]
    at = page(records)
    for i, (record, name) in enumerate(zip(records, INJECTIONS, strict=True), start=1):
        publish(at, record, name)
        board = Board().current().name
        assert [s.value for s in at.success] == [plain(t("board.published", "en", board=board, name=name))]
        assert caption_with(at, "Entries:") == [f"Entries: {2 * i} · runs: {i}. The board updates by itself."]
    assert [s.value for s in at.success][0].endswith("as \\<script\\>alert(1)\\</script\\>.")  # escaped, not HTML
    table = at.dataframe[0].value
    assert sorted(set(table["Name"])) == sorted(INJECTIONS)  # the table shows each name exactly as typed
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    hovers = [h for trace in chart["data"][:-1] for h in trace["hovertext"]]
    assert len(hovers) == 6 and not any("<img" in h or "<script" in h for h in hovers)
    assert any(h.startswith("&lt;img src=x onerror=alert(1)&gt;<br>") for h in hovers)
    assert all(plain(s) == m.value for s, m in zip(summary_sentences(), summary_markdown(at), strict=True))


def summary_sentences():
    from har.board.summary import sentences
    from har.i18n import render

    return [render(s) for s in sentences(Board().entries())]


def summary_markdown(at):
    return [m for m in at.markdown if "distinct run" in m.value]


def test_a_run_is_published_once(tiny_demo):
    record = finished_run(tiny_demo)
    at = publish(page([record]), record, "ana")
    publish(at, record, "ana again")
    assert not at.success and "is already on the board" in at.error[0].value and "as ana;" in at.error[0].value
    assert len(Board().entries()) == 2


def test_a_full_board_says_so_in_the_pages_language(tiny_demo, monkeypatch):
    monkeypatch.setenv("HAR_BOARD_MAX_ENTRIES", "3")
    records = [finished_run(tiny_demo, seed=i) for i in range(2)]
    at = publish(page(records, lang="es"), records[0], "ana")
    publish(at, records[1], "bo")
    shown = at.error[0].value
    assert shown == plain(t("board.refused", "es", msg=t("error.board.full", "es", limit=3)))
    assert "la pizarra de la clase está llena (3 entradas)" in shown
    assert len(Board().entries()) == 2


def test_a_session_that_publishes_too_fast_is_asked_to_wait(tiny_demo, monkeypatch):
    monkeypatch.setattr(access, "RATE_MAX", 2)
    records = [finished_run(tiny_demo, seed=i) for i in range(3)]
    at = page(records)
    for record in records:
        publish(at, record, "ana")
    assert "a session may publish 2 times every 60 s; wait" in at.error[0].value
    assert len(Board().entries()) == 4


def test_only_runs_trained_in_this_session_can_be_published(tiny_demo):
    at = page([finished_run(tiny_demo)], trained=False)  # an uploaded record: someone else's, maybe edited
    assert not publish_boxes(at) and at.info[0].value.startswith("Train both models on the Train page first")
    at = page([finished_run(tiny_demo, status="stopped")])
    assert not publish_boxes(at)


def publish_boxes(at):
    return [s for s in at.selectbox if s.key == state.BOARD_RUN]


def test_other_sessions_runs_appear_and_the_filters_narrow_the_table(tiny_demo):
    board = Board()
    at = page()
    assert any(i.value.startswith("Nothing is published on this board yet") for i in at.info)
    board.publish(entries_from_record(finished_run(tiny_demo, seed=1), "elsewhere"))  # another student
    at.run()
    assert caption_with(at, "Entries:") == ["Entries: 2 · runs: 1. The board updates by itself."]
    board.publish(entries_from_record(finished_run(tiny_demo, seed=2), "also elsewhere"))
    at.run()
    assert caption_with(at, "Entries:") == ["Entries: 4 · runs: 2. The board updates by itself."]
    at.multiselect(key=state.BOARD_FAMILIES).select("cnn").run()
    assert list(at.dataframe[0].value["Model"]) == ["CNN", "CNN"]
    at.text_input(key=state.BOARD_SEARCH).input("ALSO").run()
    assert list(at.dataframe[0].value["Name"]) == ["also elsewhere"]
    # the table filters to one comparison: here each run's split seed is its own seed, so they are never pooled
    at.text_input(key=state.BOARD_SEARCH).input("").run()
    setups = at.multiselect(key=state.BOARD_SETUPS)
    assert len(setups.options) == 2 and all("split seed" in o for o in setups.options)
    setups.select(setups.options[0]).run()
    assert list(at.dataframe[0].value["Name"]) == ["elsewhere"]


def test_lecturer_controls_need_the_servers_key(tiny_demo, monkeypatch):
    Board().publish(entries_from_record(finished_run(tiny_demo), "ana"))
    assert not lecturer_controls(page())  # no key asked, none shown
    assert page(query={"lecturer": "guess"}).warning[0].value.startswith("Lecturer controls are off on this server")
    monkeypatch.setenv(access.ADMIN_ENV, "s3cret")
    wrong = page(query={"lecturer": "guess"})
    assert not lecturer_controls(wrong) and "not this server's" in wrong.warning[0].value
    at = page(query={"lecturer": "s3cret"})
    assert "lecturer" not in at.query_params  # taken off the projected address bar, remembered by the session
    assert at.button(key=state.BOARD_CLEAR).disabled
    at.checkbox(key=state.BOARD_CLEAR_CONFIRM).check().run()
    at.button(key=state.BOARD_CLEAR).click().run()
    assert at.success[0].value == "Deleted 2 entries." and Board().entries() == []
    at.text_input(key=state.BOARD_NEW_NAME).input("lecture 2").run()
    at.button(key=state.BOARD_NEW).click().run()
    assert Board().current().name == "lecture 2" and at.subheader[1].value == "Board: lecture 2"


def lecturer_controls(at):
    return [b for b in at.button if b.key in (state.BOARD_CLEAR, state.BOARD_NEW)]


def test_the_class_page_is_in_the_navigation(app):
    app.switch_page("pages/board.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.title[0].value == "The class board"


def test_a_run_trained_in_the_app_can_be_published(app):
    """The whole way: Train page, the run collected into the history, then published from the Class page."""
    train_small_pair(app, epochs=1)
    app.switch_page("pages/board.py").run()
    (run_id,) = app.session_state[state.TRAINED_RUNS]
    publish(app, app.session_state[state.RUNS][run_id], "trained here")
    assert {e.run_id for e in Board().entries()} == {run_id}
