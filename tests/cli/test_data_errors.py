"""Bad input, end to end: each case is one clear sentence from the library and one line, exit 2, from the CLI.

The library tests of each loader (unit/data/test_store.py, test_npz.py, test_npz_bytes.py, unit/test_runs.py)
check the details; here every case goes through `load_dataset` and `python -m har` as a user meets it.
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import zipfile

import numpy as np
import pytest
import zarr
from support.cli import assert_cli_error, assert_sentence, run_process
from support.data import one_frame_arrays
from support.paths import ROOT

from har.cli import main
from har.data import load_dataset
from har.data.store import write_store
from har.errors import HarError

KEYS = [f"{c}-v_{c}_{g:02d}_01" for c in ("biking", "diving", "walking") for g in (1, 2)]
LABELS = [0, 0, 1, 1, 2, 2]
ONE_FRAME = "the clips have a single frame"


def _X(dtype=np.float32, t=4, f=5):
    return (np.random.default_rng(0).random((6, t, f)) * 10).astype(dtype)


def _store(tmp, name="s.zarr", X=None, y=LABELS, keys=KEYS):
    return write_store(tmp / name, _X() if X is None else X, y, keys)


def _npz(tmp, name="d.npz", **fields):
    path = tmp / name
    np.savez(path, **fields)
    return path


def _with_nan(value):
    X = _X()
    X[3, 1, 2] = value
    return X


def _no_label(tmp):
    path = _store(tmp)
    (path / KEYS[4] / ".zattrs").write_text("{}")
    return path


def _damaged_chunk(tmp):
    path = _store(tmp)
    (path / KEYS[1] / "0.0").write_bytes(b"\x02\x01garbage")
    return path


def _zero_clips(tmp):
    zarr.open_group(tmp / "none.zarr", mode="w", zarr_format=2)
    return tmp / "none.zarr"


def _object_y(tmp):
    y = np.empty(6, dtype=object)
    y[:] = LABELS
    return _npz(tmp, X=_X(), y=y)


def _pickle_file(tmp):
    path = tmp / "p.npz"
    path.write_bytes(pickle.dumps({"X": _X(), "y": LABELS}))
    return path


def _empty_folder(tmp):
    (tmp / "empty").mkdir()
    return tmp / "empty"


def _text_file(tmp):
    (tmp / "notes.txt").write_text("these are not clips\n")
    return tmp / "notes.txt"


def _terabyte_header(tmp):
    """A valid .npz whose X header claims 40 TB: numpy would try to allocate it before reading."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f4", "fortran_order": False, "shape": (10**6, 10**4, 10**3)}
    )
    path = tmp / "huge.npz"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("X.npy", header.getvalue())
        y = io.BytesIO()
        np.save(y, np.array(LABELS))
        z.writestr("y.npy", y.getvalue())
    return path


def _different_shapes(tmp):
    clips = [np.zeros((4, 5), np.float32) + i for i in range(5)] + [np.zeros((3, 5), np.float32)]
    return write_store(tmp / "s.zarr", clips, LABELS, KEYS)


# case -> (builder of the bad path, words the sentence must contain)
CASES = {
    "path that does not exist": (lambda tmp: tmp / "nowhere.zarr", "does not exist"),
    "empty folder": (_empty_folder, "not a zarr v2 group"),
    "file that is not a store": (_text_file, "not an .npz"),
    "clip missing y": (_no_label, KEYS[4]),
    "negative label in a store": (lambda tmp: _store(tmp, y=[0, 0, 1, 1, 2, -1]), "-1"),
    "label out of range in a store": (lambda tmp: _store(tmp, y=[0, 0, 1, 1, 2, 40]), "out of range"),
    "label out of range of the class names": (
        lambda tmp: _npz(tmp, X=_X(), y=[0, 0, 1, 1, 2, 3], class_names=np.array(["a", "b", "c"])),
        "out of range",
    ),
    "negative label in an npz": (lambda tmp: _npz(tmp, X=_X(), y=[0, 0, 1, 1, -2, 2]), "0 or more"),
    "clips of different shapes": (_different_shapes, "different shapes"),
    "store with zero clips": (_zero_clips, "no clips"),
    "store with one class": (lambda tmp: _store(tmp, y=[0] * 6), "only one class"),
    "npz with one class": (lambda tmp: _npz(tmp, X=_X(), y=[1] * 6), "only one class"),
    "NaN in a store": (lambda tmp: _store(tmp, X=_with_nan(np.nan)), "NaN"),
    "Inf in an npz": (lambda tmp: _npz(tmp, X=_with_nan(np.inf), y=LABELS), "infinite"),
    "-Inf in a store": (lambda tmp: _store(tmp, X=_with_nan(-np.inf)), "infinite"),
    "npz without X": (lambda tmp: _npz(tmp, y=LABELS), "has no X"),
    "npz without y": (lambda tmp: _npz(tmp, X=_X()), "has no y"),
    "npz with object arrays": (_object_y, "pickles"),
    "a pickle named .npz": (_pickle_file, "not an .npz"),
    "X of rank 2": (lambda tmp: _npz(tmp, X=_X()[:, 0], y=LABELS), "3 dimensions"),
    "X of rank 4": (lambda tmp: _npz(tmp, X=_X()[..., None], y=LABELS), "3 dimensions"),
    "damaged chunk": (_damaged_chunk, KEYS[1]),
    "npz header claiming terabytes": (_terabyte_header, "too large for this machine"),
}


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize("case", list(CASES))
def test_the_library_refuses_in_one_sentence(tmp_path, case):
    build, words = CASES[case]
    path = build(tmp_path)
    with pytest.raises(HarError) as err:
        load_dataset(str(path))
    assert_sentence(str(err.value), words)
    cache = tmp_path / "data" / "cache"
    assert not cache.exists() or not list(cache.iterdir())  # nothing half-made is kept for next time


@pytest.mark.parametrize("case", list(CASES))
def test_the_cli_refuses_in_one_line(tmp_path, capsys, case):
    build, words = CASES[case]
    path = str(build(tmp_path))
    for argv in (
        ["data", "info", "--data", path],
        ["train", "--data", path, "--epochs", "1", "--out", str(tmp_path / "r.json")],
    ):
        code = main(argv)
        out, err = capsys.readouterr()
        assert_cli_error(code, err, words)
        assert out == ""
    assert not (tmp_path / "r.json").exists()


SUBSET = [
    "path that does not exist",
    "empty folder",
    "clip missing y",
    "NaN in a store",
    "a pickle named .npz",
    "damaged chunk",
]


def test_a_real_process_exits_2_with_one_line(tmp_path):
    for case in SUBSET:
        build, words = CASES[case]
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        proc = run_process("data", "info", "--data", str(build(folder)), env={"HAR_DATA_DIR": str(tmp_path / "data")})
        assert proc.stdout == "", case
        assert_cli_error(proc.returncode, proc.stderr, words)


# Conversions are made, and said.


@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.int16, np.uint8, np.float16])
@pytest.mark.parametrize("kind", ["npz", "store"])
def test_other_number_types_are_converted_to_float32_and_said(tmp_path, capsys, dtype, kind):
    X = _X(dtype)
    path = _npz(tmp_path, X=X, y=LABELS) if kind == "npz" else _store(tmp_path, X=X)
    data = load_dataset(str(path))
    assert data.X.dtype == np.float32
    np.testing.assert_array_equal(np.sort(data.X.ravel()), np.sort(X.astype(np.float32).ravel()))
    note = f"features converted from {np.dtype(dtype)} to float32"
    assert data.notes == (note,)
    if kind == "store":
        assert load_dataset(str(path)).notes == (note,)  # the second load comes from the cache
    assert main(["data", "info", "--data", str(path)]) == 0
    assert f"note: {note}" in capsys.readouterr().out.splitlines()


def test_train_says_the_conversion_too(tmp_path, capsys):
    path = _npz(tmp_path, X=_X(np.float64), y=LABELS)
    assert (
        main(["train", "--data", str(path), "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4", "--quiet"]) == 0
    )
    assert capsys.readouterr().out == ""  # --quiet says nothing
    assert main(["train", "--data", str(path), "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4"]) == 0
    assert "note: features converted from float64 to float32" in capsys.readouterr().out


def test_float32_data_gets_no_note(tmp_path):
    assert load_dataset(str(_store(tmp_path))).notes == ()
    assert load_dataset(str(_npz(tmp_path, X=_X(), y=LABELS))).notes == ()


# A clip needs two frames: refused before any training


def test_the_command_line_refuses_one_frame_data_in_one_line(tmp_path):
    X, y = one_frame_arrays()
    path = tmp_path / "tiny_T1.npz"
    np.savez(path, X=X, y=y)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "har", "train", "--data", str(path), "--epochs", "1"]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env, timeout=240)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {ONE_FRAME}") and done.stderr.count("\n") == 1, done.stderr
    assert "Expected more than 1 value" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""  # refused before any training line
