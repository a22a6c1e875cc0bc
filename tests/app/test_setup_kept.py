"""A browser's settings kept in the run store (dashboard/recall.py) under AppTest: a new session of the same browser
opens on them, with a note saying so; another browser, a link, a forged saved value, "Forget my runs" and an
unusable store each leave the defaults (or the link's setup)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from streamlit.testing.v1 import AppTest
from support.app import open_app
from support.paths import APP

from dashboard import recall, state
from har import runs
from har.store import RunStore, owner_of

pytestmark = pytest.mark.usefixtures("app_env")

ANA, BEN = "a" * 32, "b" * 32
RESTORED = "The settings of your last visit to this server are back."


def session(identity: str, **params) -> AppTest:
    """The dashboard in a new session of the browser whose cookie holds `identity`, opened on a link with
    `params`."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[state.IDENTITY] = identity
    for key, value in params.items():
        at.query_params[key] = value
    return open_app(at)


def change(at, **values):
    """Set the settings `values` (session-state keys) as their widgets would, and run the page."""
    for key, value in values.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def saved(identity: str):
    return RunStore().prefs(owner_of(identity)).get(recall.PREF)


def settings_of(at) -> tuple:
    ss = at.session_state
    return ss[state.RNN_HIDDEN], ss[state.EPOCHS], ss[state.SPLIT], ss[state.RNN_PRESET]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_new_session_of_the_same_browser_opens_on_its_last_settings_and_another_browser_on_the_defaults():
    change(session(ANA), **{state.RNN_HIDDEN: 40, state.EPOCHS: 7, state.SPLIT: "group"})
    assert "rh=40" in saved(ANA) and "ep=7" in saved(ANA) and "lang" not in saved(ANA)

    again = session(ANA)  # F5: a new session, the same cookie
    assert settings_of(again) == (40, 7, "group", "custom")
    assert any(RESTORED in c for c in captions(again))
    assert saved(BEN) is None

    other = session(BEN)
    assert settings_of(other) == (128, 10, "random", "notebook-rnn")
    assert not any(RESTORED in c for c in captions(other))
    assert saved(BEN) is None  # the defaults, with nothing saved before: nothing to write


def test_reruns_and_reloads_that_change_nothing_write_nothing_and_a_change_is_written():
    ana = change(session(ANA), **{state.RNN_HIDDEN: 40})
    watcher = sqlite3.connect(RunStore().path)  # its data_version moves when another connection commits
    before = watcher.execute("PRAGMA data_version").fetchone()[0]
    ana.run()
    ana.run()
    session(ANA).run()  # F5: a new session that opens on the saved settings and changes nothing
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
    change(ana, **{state.EPOCHS: 3})
    assert watcher.execute("PRAGMA data_version").fetchone()[0] != before
    assert "ep=3" in saved(ANA)
    watcher.close()


def test_the_language_stays_the_links_and_a_link_with_a_setup_wins_over_the_saved_one():
    change(session(ANA), **{state.RNN_HIDDEN: 40, state.EPOCHS: 7})

    spanish = session(ANA, lang="es")  # the language alone sets no setup: the saved one still comes back
    assert spanish.session_state[state.LANG] == "es" and settings_of(spanish)[:2] == (40, 7)
    assert any("Se recuperaron los ajustes de tu última visita" in c for c in captions(spanish))

    linked = session(ANA, ep="3")
    assert settings_of(linked)[:2] == (128, 3)
    assert not any(RESTORED in c for c in captions(linked))
    assert "ep=3" in saved(ANA)  # the link's setup is now this browser's last one

    change(session(ANA), **{state.EPOCHS: 7})
    joining = session(ANA, j="ZZZZZ")  # a joining code, even one this server does not know, is a link too
    assert settings_of(joining)[1] == 10 and not any(RESTORED in c for c in captions(joining))


@pytest.mark.parametrize(
    "forged",
    ["rh=abc&ep=7", "rh=40&ep=999999", "<script>alert(1)</script>", "", "ep=7&" + "x" * 5000, b"rh=40"],
    ids=["bad number", "out of range", "markup", "empty", "too long", "not text"],
)
def test_a_saved_setup_the_link_decoder_refuses_is_ignored_and_replaced_on_the_next_change(forged):
    store = RunStore()
    store.records(owner_of(ANA))  # makes the file
    with sqlite3.connect(store.path) as conn:
        conn.execute("INSERT INTO prefs VALUES (?, ?, ?, ?)", (owner_of(ANA), recall.PREF, forged, time.time()))
    at = session(ANA)
    assert not at.exception
    assert settings_of(at) == (128, 10, "random", "notebook-rnn")
    assert not any(RESTORED in c for c in captions(at))
    change(at, **{state.EPOCHS: 4})
    assert "ep=4" in saved(ANA)


def test_forget_my_runs_forgets_the_settings_too(tiny_record):
    ana = change(session(ANA), **{state.RNN_HIDDEN: 40})
    ana.switch_page("pages/compare.py").run()
    uploaded = ("r.json", runs.dumps(tiny_record).encode(), "application/json")
    ana.file_uploader(key=state.RUN_UPLOADER).set_value(uploaded).run()  # a run, so the button shows
    ana.button(key=state.FORGET_BUTTON).click().run()
    assert not ana.exception and saved(ANA) is None
    assert RunStore().prefs(owner_of(ANA)) == {}
    again = session(ANA)
    assert settings_of(again)[0] == 128 and not any(RESTORED in c for c in captions(again))


@pytest.mark.parametrize("broken", ["under a file", "not a database"])
def test_a_store_that_cannot_be_used_keeps_no_settings_and_the_app_works(broken, tmp_path, monkeypatch):
    if broken == "under a file":
        (tmp_path / "file").write_text("x")
        monkeypatch.setenv("HAR_RUN_STORE", str(tmp_path / "file" / "runs.sqlite"))
    else:
        (tmp_path / "runs.sqlite").write_bytes(b"this is not a database" * 100)
        monkeypatch.setenv("HAR_RUN_STORE", str(tmp_path / "runs.sqlite"))
    ana = change(session(ANA), **{state.RNN_HIDDEN: 40})
    assert ana.session_state[state.SETUP_KEPT] is None
    again = session(ANA)
    assert not again.exception and settings_of(again)[0] == 128
