"""The order question needs a group split: where the Lab offers it on a random split, the page says why and
offers the switch. (The claim itself is checked on the demo in tests/unit/data/test_demo.py.)"""

from __future__ import annotations

from conftest import ROOT
from streamlit.testing.v1 import AppTest
from support.data import grouped_dataset

from dashboard import state
from har.data import make_dataset

PAGE = ROOT / "pages" / "lab.py"
NOTE = {
    "en": "The split is random: clips of one group (same actor, same background) sit on both sides",
    "es": "La división es aleatoria: clips de un mismo grupo (mismo actor, mismo fondo) están a ambos lados",
}


def order_section(data, lang="en", split="random") -> AppTest:
    """The Lab's order question over `data` (this session's own data set)."""
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    for key, value in state.DEFAULTS.items():
        at.session_state[key] = value
    at.session_state[state.LANG] = lang
    at.session_state[state.UPLOADED] = data
    at.session_state[state.SOURCE] = "upload"
    at.session_state[state.SPLIT] = split
    at.session_state[state.LAB_STUDY] = "order"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def notes(at, lang="en") -> list[str]:
    return [w.value for w in at.warning if w.value.startswith(NOTE[lang])]


def test_a_random_split_gets_the_note_and_one_click_moves_to_the_group_split(app_env):
    at = order_section(grouped_dataset())  # groups of 4 to 6 clips: a random split puts them on both sides
    assert at.session_state[state.CONTEXT].split.kind == "random"
    assert len(notes(at)) == 1 and "Ask this question on the group split." in notes(at)[0]
    at.button(key="lab_use_group").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state[state.SPLIT] == "group" and at.session_state[state.CONTEXT].split.kind == "group"
    assert at.radio(key=state.widget_key(state.SPLIT)).value == "group"  # the sidebar shows it too
    assert notes(at) == [] and not [b for b in at.button if b.key == "lab_use_group"]


def test_the_note_is_there_in_spanish_and_not_on_a_group_split(app_env):
    assert len(notes(order_section(grouped_dataset(), "es"), "es")) == 1
    assert notes(order_section(grouped_dataset(), split="group")) == []


def test_no_note_where_every_group_is_one_clip(app_env):
    # No group has two clips, so a random split shares no background: nothing to warn about.
    data = grouped_dataset()
    alone = make_dataset("one clip per group", data.X, data.y)  # groups default to one per clip
    assert alone.n_groups == alone.n and notes(order_section(alone)) == []
