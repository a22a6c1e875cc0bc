"""`har train --store`: the run and its trained models go into the run store the dashboard serves from, under the
content key the server's own training of that setup has; a store that cannot be used is one warning, and the
training goes on."""

from __future__ import annotations

import sqlite3

import pytest
from support.cli import run

from har import jobs
from har.data import load_dataset, make_split
from har.models import CNNConfig, RNNConfig
from har.store import CLI_IDENTITY, RunStore, owner_of
from har.train import TrainConfig
from har.weights import load_weights

TINY = ["--rnn-hidden", "8", "--cnn-widths", "8", "--batch-size", "8", "--epochs", "2", "--seed", "3"]

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HAR_MAX_TRAININGS", "2")
    return tmp_path / "data"


def test_train_keeps_the_run_under_the_key_the_server_would_give_it(capsys, tiny_npz, tmp_path):
    folder = tmp_path / "lecture"
    folder.mkdir()
    code, out, err = run(capsys, "train", "--data", str(tiny_npz), *TINY, "--store", str(folder))
    assert code == 0, err
    store = RunStore(folder / "runs.sqlite")
    assert str(store.path) in out
    (record,) = store.records(owner_of(CLI_IDENTITY))
    assert record.status == "finished"
    assert set(load_weights(store.weights(owner_of(CLI_IDENTITY), record.id)).models) == {"rnn", "cnn"}
    data = load_dataset(str(tiny_npz))
    server_job = jobs.TrainingJob(  # what the dashboard builds for the same setup
        data=data,
        split=make_split(data, "random", seed=0),
        models={"rnn": RNNConfig(hidden=8), "cnn": CNNConfig(widths=(8,))},
        train=TrainConfig(epochs=2, batch_size=8, seed=3),
        source=str(tiny_npz),
        limiter=jobs.TrainingLimiter(jobs.server_slots()),
    )
    assert store.has_finished(server_job.key)
    served = store.serve(owner_of("a student"), server_job.key)
    assert served.models == record.models


def test_a_store_that_cannot_be_used_is_one_warning_and_the_training_goes_on(capsys, tiny_npz, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 200)
    code, out, err = run(capsys, "train", "--data", str(tiny_npz), *TINY, "--store", str(bad))
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ") and str(bad) in lines[0], err
    assert "Traceback" not in err and "epoch" in out
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(bad).execute("SELECT * FROM runs").fetchall()  # left as it was
