"""Bad input, end to end: each case is one clear sentence from the library and one line, exit 2, from the CLI.

The library tests of each loader (test_store, test_npz, test_download, test_runs) check the
details; here every case goes through `load_dataset` and `python -m har` as a user meets it.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import socket
import subprocess
import sys
import tarfile
import zipfile

import numpy as np
import pytest
import zarr
from conftest import ROOT

from har import runs
from har.cli import main
from har.data import load_dataset
from har.data.download import download
from har.data.npz import load_npz_bytes
from har.data.store import write_store
from har.errors import HarError

KEYS = [f"{c}-v_{c}_{g:02d}_01" for c in ("biking", "diving", "walking") for g in (1, 2)]
LABELS = [0, 0, 1, 1, 2, 2]


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


def assert_sentence(message: str, *words: str) -> None:
    assert "\n" not in message and message.endswith("."), message
    assert "Traceback" not in message and "unexpected" not in message, message
    for w in words:
        assert w in message, (w, message)


def assert_cli_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert_sentence(lines[0], *words)


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


def _process(*argv, env=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "har", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


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
        proc = _process("data", "info", "--data", str(build(folder)), env={"HAR_DATA_DIR": str(tmp_path / "data")})
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


# Uploads: checked in memory, before numpy parses anything.


def _npz_bytes(**fields) -> bytes:
    buf = io.BytesIO()
    np.savez_compressed(buf, **fields)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _npy_header(shape, descr="<f4") -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": descr, "fortran_order": False, "shape": shape})
    return buf.getvalue()


def test_a_good_upload_loads_like_the_file():
    data = load_npz_bytes(_npz_bytes(X=_X(), y=LABELS, class_names=np.array(["a", "b", "c"])), 10**6, name="mine.npz")
    assert data.name == "mine.npz" and data.class_names == ("a", "b", "c")
    np.testing.assert_array_equal(data.X, _X())


def test_an_upload_over_the_limit_is_refused_before_it_is_opened(monkeypatch):
    raw = _npz_bytes(X=_X(), y=LABELS)
    assert load_npz_bytes(raw, len(raw)).n == 6  # exactly at the limit is fine

    def never(*a, **k):
        raise AssertionError("the file was opened although it is too large")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    monkeypatch.setattr(np, "load", never)
    with pytest.raises(HarError) as err:
        load_npz_bytes(raw, len(raw) - 1, name="big.npz")
    assert_sentence(str(err.value), "big.npz", "more than", "allowed")


UPLOADS = {
    "empty": (b"", "not an .npz"),
    "text": (b"X,y\n1,2\n", "not an .npz"),
    "a pickle": (pickle.dumps({"X": 1}), "not an .npz"),
    "a bare .npy": (_npy_header((2,)) + bytes(8), "not an .npz"),
    "a truncated npz": (None, "not a readable"),
    "a zip with other files": (_zip({"X.npy": b"", "run.sh": b"rm -rf /"}), "run.sh"),
    "a zip bomb": (_zip({"X.npy": bytes(50_000_000)}), "unpack to"),
    "a header claiming terabytes": (
        _zip({"X.npy": _npy_header((10**6, 10**4, 10**3)), "y.npy": _npy_header((6,), "<i8") + bytes(48)}),
        "declares 40,000,000,000,000 bytes",
    ),
    "object arrays": (None, "pickles"),
    "no y": (None, "has no y"),
}


@pytest.mark.parametrize("case", list(UPLOADS))
def test_bad_uploads_are_one_sentence(case):
    data, words = UPLOADS[case]
    if case == "a truncated npz":
        data = _npz_bytes(X=_X(), y=LABELS)[:300]
    elif case == "object arrays":
        y = np.empty(6, dtype=object)
        y[:] = LABELS
        buf = io.BytesIO()
        np.savez(buf, X=_X(), y=y)
        data = buf.getvalue()
    elif case == "no y":
        data = _npz_bytes(X=_X())
    with pytest.raises(HarError) as err:
        load_npz_bytes(data, 1_000_000, name="up.npz")
    assert_sentence(str(err.value), "up.npz", words)


# Archives the download must refuse, served from file:// URLs (the HTTP cases are in test_download).


def _archive(tmp, *extra) -> tuple[str, str]:
    import hashlib

    (tmp / "src").mkdir(exist_ok=True)
    store = _store(tmp / "src")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(store, arcname="ucf11.zarr")
        for info in extra:
            tar.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    path = tmp / "ucf11.zarr.tar.gz"
    path.write_bytes(buf.getvalue())
    return path.as_uri(), hashlib.md5(buf.getvalue()).hexdigest()


def _member(name, kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = 1 if kind == tarfile.REGTYPE else 0
    return info


ARCHIVES = {
    "hard link out": (_member("ucf11.zarr/passwd", tarfile.LNKTYPE, "/etc/passwd"), "unsafe"),
    "symlink to an absolute path": (_member("ucf11.zarr/link", tarfile.SYMTYPE, "/etc"), "unsafe"),
    "device file": (_member("ucf11.zarr/dev", tarfile.CHRTYPE), "unsafe"),
    "../ in the middle": (_member("ucf11.zarr/../../x"), "unsafe"),
}


@pytest.mark.parametrize("case", list(ARCHIVES))
def test_unsafe_archive_members_install_nothing(tmp_path, capsys, case):
    member, words = ARCHIVES[case]
    url, md5 = _archive(tmp_path, member)
    dest = tmp_path / "dest"
    with pytest.raises(HarError) as err:
        download(dest, url=url, md5=md5)
    assert_sentence(str(err.value), words)
    assert sorted(os.listdir(dest)) == []
    assert_cli_error(
        main(["data", "download", "--url", url, "--md5", md5, "--dir", str(dest)]),
        capsys.readouterr().err.splitlines()[-1],
        words,
    )
    assert sorted(os.listdir(dest)) == []


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/ucf11.zarr.tar.gz"  # the socket is closed: nothing listens there


def test_download_failures_in_a_real_process_are_one_line(tmp_path):
    url, md5 = _archive(tmp_path)
    dest = tmp_path / "dest"
    for argv, words in [
        (["--url", url, "--md5", "0" * 32], "md5"),
        (["--url", url + ".missing", "--md5", md5], "could not download"),
        (["--url", _refused_url(), "--timeout", "5"], "refused"),
    ]:
        proc = _process("data", "download", "--dir", str(dest), *argv)
        last = proc.stderr.strip().splitlines()[-1]
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert_cli_error(2, last, words)
        assert os.listdir(dest) == []


# Run records from elsewhere.


def test_run_records_that_are_binary_or_from_another_version(tmp_path, tiny_record):
    path = tmp_path / "run.json"
    path.write_bytes(b"\xff\xfe\x00\x89PNG garbage")
    with pytest.raises(HarError) as err:
        runs.load(path)
    assert_sentence(str(err.value), "not a run record")
    for version in (2, 0, "1", None):
        path.write_text(json.dumps({**tiny_record, "version": version}))
        with pytest.raises(HarError) as err:
            runs.load(path)
        assert_sentence(str(err.value), "version")
    path.write_text(json.dumps(tiny_record))
    assert runs.load(path) == json.loads(json.dumps(tiny_record))
