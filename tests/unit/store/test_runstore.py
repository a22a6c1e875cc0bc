"""The run store (har/store): runs and their weights read back whole, per owner; a run served to another owner;
quotas, expiry and forget; corrupt and unusable files in one sentence; writers killed with SIGKILL mid-write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support.board import finished_run
from support.paths import ROOT

from har import runs
from har.errors import HarError
from har.store import Quota, RunStore, owner_of, runstore

ANA, BEN = owner_of("ana-browser"), owner_of("ben-browser")


def integrity(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_a_run_and_its_weights_read_back_as_written_for_their_owner_only(tmp_path, tiny_demo):
    record, weights = finished_run(tiny_demo), os.urandom(50_000)
    RunStore(tmp_path / "r.sqlite").put(ANA, record, key="k1", weights=weights)
    store = RunStore(tmp_path / "r.sqlite")  # a new connection, as after a restart
    assert [runs.dumps(r) for r in store.records(ANA)] == [runs.dumps(record)]
    assert store.weights(ANA, record.id) == weights
    assert store.records(BEN) == [] and store.weights(BEN, record.id) is None
    assert store.usage(ANA) == (1, len(runs.dumps(record)) + len(weights))


def test_owners_are_kept_as_a_hash_never_the_identity(tmp_path, tiny_demo):
    RunStore(tmp_path / "r.sqlite").put(owner_of("secret-token-123"), finished_run(tiny_demo), key="k")
    assert b"secret-token-123" not in (tmp_path / "r.sqlite").read_bytes() + _wal(tmp_path / "r.sqlite")


def _wal(path: Path) -> bytes:
    wal = Path(f"{path}-wal")
    return wal.read_bytes() if wal.exists() else b""


def test_a_served_run_is_the_owners_own_copy_with_the_same_weights(tmp_path, tiny_demo):
    store = RunStore(tmp_path / "r.sqlite")
    record, weights = finished_run(tiny_demo), os.urandom(1000)
    assert store.serve(BEN, "k1") is None
    store.put(ANA, record, key="k1", weights=weights)
    served = store.serve(BEN, "k1")
    assert served.id != record.id and served.models == record.models
    assert store.weights(BEN, served.id) == weights
    assert [r.id for r in store.records(BEN)] == [served.id]
    assert store.forget(ANA) == 1
    assert store.weights(BEN, served.id) == weights  # shared weights stay while a run holds them
    store.forget(BEN)
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM weights").fetchone()[0] == 0


def test_a_stopped_run_is_kept_but_never_served(tmp_path, tiny_demo):
    store = RunStore(tmp_path / "r.sqlite")
    store.put(ANA, finished_run(tiny_demo, status="stopped"), key="k1")
    assert store.serve(BEN, "k1") is None and not store.has_finished("k1")


def test_quotas_per_owner_and_for_the_server_refuse_in_one_sentence(tmp_path, tiny_demo):
    store = RunStore(tmp_path / "r.sqlite", quota=Quota(runs=2, mb=1, total_mb=1.5))
    store.put(ANA, finished_run(tiny_demo, seed=1), key="a")
    store.put(ANA, finished_run(tiny_demo, seed=2), key="b")
    with pytest.raises(HarError) as e:
        store.put(ANA, finished_run(tiny_demo, seed=3), key="c")
    assert e.value.key == "store.quota_runs"
    with pytest.raises(HarError) as e:
        store.put(BEN, finished_run(tiny_demo, seed=4), key="d", weights=bytes(2**20))
    assert e.value.key == "store.quota_bytes"
    store.put(BEN, finished_run(tiny_demo, seed=5), key="e", weights=bytes(900_000))
    with pytest.raises(HarError) as e:
        store.put(owner_of("carla"), finished_run(tiny_demo, seed=6), key="f", weights=bytes(900_000))
    assert e.value.key == "store.full"
    assert len(store.records(ANA)) == 2  # nothing kept was lost


def test_runs_expire_after_the_quota_days(tmp_path, tiny_demo):
    now = [1_000_000.0]
    store = RunStore(tmp_path / "r.sqlite", quota=Quota(days=14), clock=lambda: now[0])
    store.put(ANA, finished_run(tiny_demo, seed=1), key="a", weights=b"w")
    now[0] += 13 * 86400
    store.put(ANA, finished_run(tiny_demo, seed=2), key="b")
    now[0] += 2 * 86400
    assert [r.config.split_seed for r in store.records(ANA)] == [2]
    assert store.expire() == 1 and store.usage(ANA)[0] == 1


def test_lab_results_and_saved_settings_expire_with_the_runs_and_go_with_forget(tmp_path):
    now = [1_000_000.0]
    store = RunStore(tmp_path / "r.sqlite", quota=Quota(days=14), clock=lambda: now[0])
    store.save_lab(ANA, "seeds", '{"old": 1}')
    store.save_prefs(ANA, "setup", "rh=40")
    now[0] += 13 * 86400
    store.save_lab(ANA, "order", "{}", b"weights")
    assert store.lab(ANA, "seeds") == ('{"old": 1}', None) and store.lab(ANA, "order") == ("{}", b"weights")
    assert store.lab(BEN, "seeds") is None and store.prefs(BEN) == {}
    now[0] += 2 * 86400
    assert store.lab(ANA, "seeds") is None and store.prefs(ANA) == {}  # written 15 days ago
    assert store.lab(ANA, "order") == ("{}", b"weights")
    store.save_lab(ANA, "order", "{}")  # the latest replaces the one before
    assert store.lab(ANA, "order") == ("{}", None)
    store.forget(ANA)
    assert store.lab(ANA, "order") is None


def test_lab_results_count_towards_the_owners_bytes(tmp_path, tiny_demo):
    store = RunStore(tmp_path / "r.sqlite", quota=Quota(mb=1))
    store.save_lab(ANA, "order", "{}", b"w" * 700_000)
    store.save_lab(ANA, "order", "{}", b"w" * 700_000)  # replacing it frees its own bytes first
    with pytest.raises(HarError) as e:
        store.save_lab(ANA, "seeds", "{}", b"w" * 400_000)
    assert e.value.key == "store.quota_bytes"
    with pytest.raises(HarError) as e:
        store.put(ANA, finished_run(tiny_demo), key="a", weights=b"w" * 400_000)
    assert e.value.key == "store.quota_bytes"
    store.save_lab(BEN, "seeds", "{}", b"w" * 400_000)  # another owner's bytes are their own


def test_a_version_1_file_gains_the_lab_table_and_keeps_its_runs_and_settings(tmp_path, tiny_demo):
    path = tmp_path / "r.sqlite"
    record = finished_run(tiny_demo)
    with sqlite3.connect(path) as conn:  # the file as the first version of the store wrote it
        for statement in runstore.SCHEMA.strip().split(";\n"):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(
            "INSERT INTO runs VALUES (?, ?, 'k', 'finished', '', 'trained', '', ?, ?, NULL, 10)",
            (ANA, record.id, time.time(), runs.dumps(record)),
        )
        conn.execute("INSERT INTO prefs VALUES (?, 'setup', 'rh=40')", (ANA,))
    store = RunStore(path)
    assert [r.id for r in store.records(ANA)] == [record.id] and store.prefs(ANA) == {"setup": "rh=40"}
    store.save_lab(ANA, "seeds", "{}")
    assert store.lab(ANA, "seeds") == ("{}", None)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == runstore.SCHEMA_VERSION == 2


def test_quota_and_expiry_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HAR_STORE_DAYS", "3")
    monkeypatch.setenv("HAR_STORE_MAX_RUNS", "7")
    monkeypatch.setenv("HAR_STORE_MAX_MB", "nonsense")
    q = Quota.from_env()
    assert (q.days, q.runs, q.mb) == (3.0, 7, Quota().mb)


@pytest.mark.parametrize(
    ("make", "key"),
    [
        (lambda p: p.write_bytes(b"this is not a database at all" * 100), "store.damaged"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE other (x)").connection.commit(), "store.foreign"),
    ],
)
def test_a_damaged_or_foreign_file_is_one_sentence(tmp_path, tiny_demo, make, key):
    path = tmp_path / "r.sqlite"
    make(path)
    with pytest.raises(HarError) as e:
        RunStore(path).records(ANA)
    assert e.value.key == key and str(path) in str(e.value)


def test_a_store_under_a_regular_file_is_one_sentence(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(HarError) as e:
        RunStore(tmp_path / "file" / "r.sqlite").records(ANA)
    assert e.value.key == "store.unwritable"


# A put that stops after its weights row (the run's row not yet written) and waits to be killed.
HALF_WRITE = """
import sys, time
sys.path.insert(0, {tests!r})
from support.board import finished_run
from har.data.demo import make_demo
from har.store import RunStore, owner_of
from har.store import runstore
insert = runstore.RunStore._insert
def stop_before_insert(self, *a):
    print("half written", flush=True)
    time.sleep(600)
runstore.RunStore._insert = stop_before_insert
RunStore({path!r}).put(owner_of("x"), finished_run(make_demo(scale=0.05), seed=99), key="half", weights=bytes(100_000))
"""

# A writer that files run after run, with weights, until it is killed, wherever it is.
PUT_FOREVER = """
import os, sys
sys.path.insert(0, {tests!r})
from support.board import finished_run
from har.data.demo import make_demo
from har.store import Quota, RunStore, owner_of, runstore
data, store = make_demo(scale=0.05), RunStore({path!r}, quota=Quota(runs=10**6, mb=10**6, total_mb=10**6))
for i in range(1_000_000):
    record = finished_run(data, seed=i)
    store.put(owner_of(str(i % 3)), record, key=str(i), weights=record.id.encode() * 20_000)
"""


def writer(script: str, path: Path) -> subprocess.Popen:
    code = textwrap.dedent(script).format(tests=str(ROOT / "tests"), path=str(path))
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_a_writer_killed_in_the_middle_of_a_put_leaves_the_earlier_runs_and_no_half_run(tmp_path, tiny_demo):
    path = tmp_path / "r.sqlite"
    before = finished_run(tiny_demo, seed=1)
    RunStore(path).put(ANA, before, key="before", weights=b"w" * 1000)
    proc = writer(HALF_WRITE, path)
    try:
        assert proc.stdout.readline().strip() == "half written"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert integrity(path) == "ok"
    store = RunStore(path)
    assert [r.id for r in store.records(ANA)] == [before.id] and store.records(owner_of("x")) == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM weights").fetchone()[0] == 1  # the killed put's weights are gone
    store.put(BEN, finished_run(tiny_demo, seed=2), key="after")  # the lock died with the writer
    assert len(store.records(BEN)) == 1


def test_a_writer_killed_at_any_moment_leaves_whole_runs(tmp_path):
    path = tmp_path / "r.sqlite"
    owners = [owner_of(str(i)) for i in range(3)]
    for round_ in range(3):
        proc = writer(PUT_FOREVER, path)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05 + 0.07 * round_)
                if path.exists() and sum(RunStore(path).usage(o)[0] for o in owners) >= 3 * (round_ + 1):
                    break
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
        assert proc.returncode == -signal.SIGKILL
        assert integrity(path) == "ok"
        store = RunStore(path)
        found = [(o, r) for o in owners for r in store.records(o)]
        assert found
        for owner, record in found:  # every run whole: its record parses and its weights are its own
            assert store.weights(owner, record.id) == record.id.encode() * 20_000
