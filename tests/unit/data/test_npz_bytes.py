"""An .npz from memory, as uploads arrive (har.data.npz.load_npz_bytes): a good one loads like the file; the size
is checked before the file is opened, every member and array header before numpy parses anything; nothing is
written to disk, and a pickle inside is never run."""

from __future__ import annotations

import builtins
import io
import pickle
import tempfile
import zipfile

import numpy as np
import pytest
from support.cli import assert_sentence
from support.data import Touch

from har.data.npz import load_npz, load_npz_bytes
from har.errors import HarError

LABELS = [0, 0, 1, 1, 2, 2]


def _X(dtype=np.float32, t=4, f=5):
    return (np.random.default_rng(0).random((6, t, f)) * 10).astype(dtype)


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


# Pickles are never run: each payload below would create a marker file when unpickled


def test_the_payload_really_runs_when_unpickled(tmp_path):
    """The control: the same payload does execute under plain pickle, so the tests above prove something."""
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(Touch(marker)))
    assert marker.exists()


def test_npz_uploads_carrying_code_are_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    bare = pickle.dumps({"X": Touch(marker)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # a zip whose "array" is a pickle
        z.writestr("X.npy", bare)
        z.writestr("y.npy", bare)
    obj = io.BytesIO()
    y = np.empty(2, dtype=object)
    y[:] = [Touch(marker), 1]
    np.savez(obj, X=np.ones((2, 2, 2), np.float32), y=y)  # a real .npz with an object array
    for data in (bare, buf.getvalue(), obj.getvalue()):
        with pytest.raises(HarError):
            load_npz_bytes(data, 10**6)
        path = tmp_path / "evil.npz"
        path.write_bytes(data)
        with pytest.raises(HarError):
            load_npz(path)
    assert not marker.exists()


def test_uploads_are_checked_before_anything_is_written(monkeypatch):
    """load_npz_bytes works from memory: no file is opened for writing, for a good upload or a bad one."""
    real_open = builtins.open

    def read_only_open(file, mode="r", *args, **kwargs):
        assert not set(mode) & set("wax+"), f"{file} opened for writing"
        return real_open(file, mode, *args, **kwargs)

    def no_temp(*args, **kwargs):
        raise AssertionError("a temporary file was made")

    good = io.BytesIO()
    np.savez(good, X=np.ones((4, 2, 3), np.float32) * np.arange(4)[:, None, None], y=[0, 0, 1, 1])
    monkeypatch.setattr(builtins, "open", read_only_open)
    for name in ("mkstemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, no_temp)
    assert load_npz_bytes(good.getvalue(), 10**6).n == 4
    with pytest.raises(HarError, match="more than"):
        load_npz_bytes(good.getvalue(), 100)
