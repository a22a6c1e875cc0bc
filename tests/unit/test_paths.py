"""Security: local paths stay under the data root, user text stays plain text, pickles never run."""

from __future__ import annotations

import io
import json
import os
import pickle
import zipfile

import numpy as np
import pytest
import torch

from har.cli import main
from har.data import load_dataset
from har.data.npz import load_npz, load_npz_bytes
from har.data.store import load_store, write_store
from har.errors import HarError
from har.paths import data_root, resolve_user_path
from har.weights import load_weights

EVIL = '<script>alert("x")</script>'


@pytest.fixture
def root(tmp_path):
    """A data root holding a store folder and a file, with a secret next to it, outside the root."""
    r = tmp_path / "root"
    (r / "stores" / "mine.zarr").mkdir(parents=True)
    (r / "clips.npz").write_bytes(b"")
    (tmp_path / "secret.txt").write_text("not for students")
    return r


def _refused(text, root, *words):
    with pytest.raises(HarError) as err:
        resolve_user_path(text, root)
    message = str(err.value)
    assert "\n" not in message and message.endswith("."), message
    for w in words:
        assert w in message, message
    return message


def test_paths_inside_the_root_resolve_to_real_paths(root):
    real = root.resolve()
    assert resolve_user_path("clips.npz", root) == real / "clips.npz"
    assert resolve_user_path("stores/mine.zarr", root) == real / "stores" / "mine.zarr"
    assert resolve_user_path(str(real / "stores" / "mine.zarr"), root) == real / "stores" / "mine.zarr"
    assert resolve_user_path("  clips.npz ", str(root)) == real / "clips.npz"  # stray spaces from a text box
    assert resolve_user_path("stores/./mine.zarr", root) == real / "stores" / "mine.zarr"
    assert resolve_user_path("not-yet-there.npz", root) == real / "not-yet-there.npz"  # the loader says it is missing


@pytest.mark.parametrize("text", ["../secret.txt", "stores/../../secret.txt", "stores/..", ".."])
def test_dot_dot_is_refused_even_when_it_stays_inside(root, text):
    _refused(text, root, "'..'")


def test_absolute_paths_outside_the_root_are_refused(root, tmp_path):
    _refused(str(tmp_path / "secret.txt"), root, "outside the data folder")
    _refused("/etc/passwd", root, "outside the data folder")
    sibling = tmp_path / "root-evil"  # shares the root's name as a prefix, but is not under it
    sibling.mkdir()
    _refused(str(sibling), root, "outside the data folder")


def test_symlinks_leading_out_of_the_root_are_refused(root, tmp_path):
    (root / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (root / "outdir").symlink_to(tmp_path)
    _refused("escape.txt", root, "outside the data folder", "link")
    _refused("outdir/secret.txt", root, "outside the data folder")
    _refused("outdir", root, "outside the data folder")


def test_symlinks_that_stay_inside_are_followed(root):
    (root / "latest.zarr").symlink_to(root / "stores" / "mine.zarr")
    assert resolve_user_path("latest.zarr", root) == (root / "stores" / "mine.zarr").resolve()


def test_a_root_that_is_itself_a_link_still_contains_its_files(root, tmp_path):
    link = tmp_path / "link-to-root"
    link.symlink_to(root)
    assert resolve_user_path("clips.npz", link) == root.resolve() / "clips.npz"


def test_a_symlink_loop_is_one_sentence(root):
    (root / "a").symlink_to(root / "b")
    (root / "b").symlink_to(root / "a")
    with pytest.raises(HarError):
        resolve_user_path("a", root)


def test_without_a_root_local_paths_are_off(root, monkeypatch):
    _refused("clips.npz", None, "turned off", "HAR_DATA_ROOT")
    monkeypatch.delenv("HAR_DATA_ROOT", raising=False)
    assert data_root() is None
    monkeypatch.setenv("HAR_DATA_ROOT", "   ")
    assert data_root() is None
    monkeypatch.setenv("HAR_DATA_ROOT", str(root))
    assert data_root() == root
    assert resolve_user_path("clips.npz", data_root()) == root.resolve() / "clips.npz"


@pytest.mark.parametrize("text", ["", "   ", "clips\0.npz"])
def test_empty_and_null_paths_are_refused(root, text):
    _refused(text, root)


# User text (class names, keys) is data, never markup: it comes back exactly as it was written.


def test_markup_in_npz_names_and_keys_survives_as_plain_strings(tmp_path):
    names = [EVIL, "a & b", "<b>bold</b>"]
    keys = [f"{EVIL}-{i}" for i in range(6)]
    X = np.random.default_rng(0).random((6, 2, 3), dtype=np.float32)
    path = tmp_path / "evil.npz"
    np.savez(path, X=X, y=[0, 0, 1, 1, 2, 2], class_names=np.array(names), keys=np.array(keys))
    for data in (load_npz(path), load_npz_bytes(path.read_bytes(), 10**6)):
        assert data.class_names == tuple(names) and data.keys == tuple(keys)
        assert all(type(s) is str for s in data.class_names + data.keys)


def test_markup_in_store_keys_survives_as_plain_strings(tmp_path):
    # A key is a folder name, so no "/"; the class name is the key's prefix up to the first "-".
    evil = "<script>alert(1)</script>".replace("/", "")  # zarr treats / and \\ in a name as folders
    keys = [f"{evil}-v_x_01_01", f"{evil}-v_x_01_02", "<i>b&amp;-v_y_01_01", "<i>b&amp;-v_y_02_01"]
    X = np.random.default_rng(1).random((4, 2, 3), dtype=np.float32)
    path = write_store(tmp_path / "s.zarr", X, [0, 0, 1, 1], keys)
    data = load_store(path, cache_dir=tmp_path / "cache")
    cached = load_store(path, cache_dir=tmp_path / "cache")
    for d in (data, cached):
        assert d.class_names == (evil, "<i>b&amp;") and sorted(d.keys) == sorted(keys)


def test_cli_prints_names_verbatim(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HAR_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "evil.npz"
    np.savez(
        path,
        X=np.ones((4, 2, 3), np.float32) * np.arange(4)[:, None, None],
        y=[0, 0, 1, 1],
        class_names=np.array([EVIL, "&amp;"]),
    )
    assert main(["data", "info", "--data", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["class_names"] == [EVIL, "&amp;"]
    assert load_dataset(str(path)).class_names == (EVIL, "&amp;")


# Pickles are never executed: each payload below would create a marker file when unpickled.


class _Touch:
    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_a_weights_file_carrying_code_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "evil.pt"
    torch.save({"format": "har-weights", "version": 1, "header": "{}", "state": _Touch(marker)}, path)
    _Touch(marker).__reduce__()  # the payload is real: unpickling it would run `touch`
    with pytest.raises(HarError, match="refused"):
        load_weights(path)
    with pytest.raises(HarError, match="refused"):
        load_weights(path.read_bytes(), name="upload.pt")
    assert not marker.exists()


def test_the_payload_really_runs_when_unpickled(tmp_path):
    """The control: the same payload does execute under plain pickle, so the tests above prove something."""
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(_Touch(marker)))
    assert marker.exists()


def test_npz_uploads_carrying_code_are_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    bare = pickle.dumps({"X": _Touch(marker)})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # a zip whose "array" is a pickle
        z.writestr("X.npy", bare)
        z.writestr("y.npy", bare)
    obj = io.BytesIO()
    y = np.empty(2, dtype=object)
    y[:] = [_Touch(marker), 1]
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
    import builtins
    import tempfile

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
