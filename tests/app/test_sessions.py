"""The session watch: a session's callbacks run once it has been away longer than the TTL, never before,
and a reconnect in between resets its clock."""

from __future__ import annotations

from dashboard.sessions import SessionWatch

TTL = 2.0


def watched(*sessions):
    watch, ended = SessionWatch(), []
    for sid in sessions:
        watch._callbacks[sid] = [lambda sid=sid: ended.append(sid)]  # no thread: the test drives check()
    return watch, ended


def test_callbacks_run_once_the_session_has_been_away_longer_than_the_ttl():
    watch, ended = watched("a", "b")
    connected = {"a": False, "b": True}
    for now in (0.0, 1.0, 2.0):
        assert watch.check(connected.get, TTL, now) == []
    assert watch.check(connected.get, TTL, 2.5) == ["a"] and ended == ["a"]
    assert watch.check(connected.get, TTL, 10.0) == [] and ended == ["a"]  # once only; "b" is still here


def test_a_reconnect_within_the_ttl_resets_the_clock():
    watch, ended = watched("a")
    away = {"a": False}
    watch.check(away.get, TTL, 0.0)
    watch.check({"a": True}.get, TTL, 1.5)  # back before the TTL ran out
    watch.check(away.get, TTL, 2.0)
    assert watch.check(away.get, TTL, 3.5) == []  # away 1.5 s since it left again
    assert watch.check(away.get, TTL, 4.5) == ["a"] and ended == ["a"]


def test_a_failing_callback_does_not_keep_the_others_from_running():
    watch, ended = SessionWatch(), []
    watch._callbacks["a"] = [lambda: 1 / 0, lambda: ended.append("second")]
    watch.check(lambda sid: False, 0.0, 0.0)
    assert watch.check(lambda sid: False, 0.0, 1.0) == ["a"] and ended == ["second"]
