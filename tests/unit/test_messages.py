"""A Message is a key and values, compared and hashed by both; rendering fills nested Messages in the same language."""

from __future__ import annotations

import pytest

from har.i18n import render
from har.messages import Message
from har.status import DONE, Status


def test_messages_compare_by_key_and_values():
    a = Message("lab.model.rnn")
    assert a == Message("lab.model.rnn") and a != Message("lab.model.cnn")
    assert Message("x", n=1) != Message("x", n=2)
    assert len({Message("x", n=1), Message("x", n=1), Message("x", n=2)}) == 2


def test_message_values_cannot_be_changed_after_the_fact():
    m = Message("x", n=1)
    with pytest.raises(TypeError):
        m.values["n"] = 2


def test_a_nested_message_is_rendered_in_the_outer_language():
    model = Message("lab.model.rnn")
    assert render(model, "es") != render(model, "en")
    outer = Message("error.run.not_a_run")
    assert render(outer, "es") != render(outer, "en")


def test_status_words_equal_the_strings_records_store():
    assert Status.FINISHED == "finished" and Status("diverged") is Status.DIVERGED
    assert {s for s in Status if s.done} == DONE == {"finished", "stopped", "diverged", "failed"}
    assert not Status.QUEUED.done and not Status.RUNNING.done
