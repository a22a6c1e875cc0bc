"""Where files live and are written (har.paths): a path a user types stays under the data root (no `..`, no link
out, no loop), and a file is replaced atomically: a crash while the cache, a run record or weights are written
(a full disk, Ctrl-C) keeps the old file and leaves no temporary one."""

from __future__ import annotations

import errno
import os
from dataclasses import replace

import numpy as np
import pytest

import har.data.store as store
import har.paths as paths
import har.runs as runs
from har.data import make_split
from har.data.demo import make_demo
from har.data.store import load_store, read_cache, write_store
from har.errors import HarError
from har.models import CNNConfig, build_model
from har.paths import data_root, resolve_user_path
from har.weights import save_weights


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


# A crash while a file is written leaves the old file and no temporary one


CRASH_KEYS = [f"{c}-v_{c}_{g:02d}_01" for c in ("biking", "diving") for g in (1, 2, 3)]


class _DiskFull:
    """A file object that writes the first `allowed` bytes and then fails as a full disk does."""

    def __init__(self, f, allowed: int, error: BaseException):
        self.f, self.left, self.error = f, allowed, error

    def write(self, data):
        data = bytes(memoryview(data).cast("B")) if not isinstance(data, (bytes, str)) else data
        if len(data) > self.left:
            self.f.write(data[: self.left])
            self.f.flush()
            raise self.error
        self.left -= len(data)
        return self.f.write(data)

    def __getattr__(self, name):  # all but writing (fileno, read: a record read back) is the real file's
        return getattr(self.f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def _crash_writes(monkeypatch, allowed: int, error: BaseException):
    """Every file har.paths.replace_atomically opens (the cache, run records, weights) fails after `allowed` bytes."""
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return _DiskFull(real(fd, *args, **kwargs), allowed, error)

    monkeypatch.setattr(paths.os, "fdopen", fdopen)


ERRORS = {"disk full": OSError(errno.ENOSPC, "No space left on device"), "Ctrl-C": KeyboardInterrupt()}


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_crash_while_writing_the_cache_keeps_the_old_cache_and_no_temporary_file(tmp_path, monkeypatch, error):
    X = np.random.default_rng(0).random((6, 3, 5), dtype=np.float32)
    path = write_store(tmp_path / "s.zarr", X, [0, 0, 0, 1, 1, 1], CRASH_KEYS)
    cache_dir = tmp_path / "cache"
    load_store(path, cache_dir=cache_dir)
    (cache,) = cache_dir.iterdir()
    good = cache.read_bytes()

    fields = read_cache(cache)
    _crash_writes(monkeypatch, len(good) // 2, ERRORS[error])
    with pytest.raises(type(ERRORS[error])):
        store.write_cache(cache, {**fields, "X": fields["X"] + 1})
    assert cache.read_bytes() == good
    assert [p.name for p in cache_dir.iterdir()] == [cache.name]

    other = cache_dir / "new.bin"  # no old file: nothing at all is left
    with pytest.raises(type(ERRORS[error])):
        store.write_cache(other, fields)
    assert not other.exists() and [p.name for p in cache_dir.iterdir()] == [cache.name]


def test_a_cache_that_cannot_be_written_costs_no_data(tmp_path, monkeypatch):
    X = np.random.default_rng(0).random((6, 3, 5), dtype=np.float32)
    path = write_store(tmp_path / "s.zarr", X, [0, 0, 0, 1, 1, 1], CRASH_KEYS)
    _crash_writes(monkeypatch, 100, ERRORS["disk full"])
    data = load_store(path, cache_dir=tmp_path / "cache")
    assert sorted(data.X.ravel().tolist()) == sorted(X.ravel().tolist())
    assert list((tmp_path / "cache").iterdir()) == []


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_crash_while_writing_a_run_record_keeps_the_old_record(tmp_path, monkeypatch, tiny_record, error):
    path = runs.save(tiny_record, tmp_path / "run.json")
    before = path.read_bytes()
    _crash_writes(monkeypatch, len(before) // 2, ERRORS[error])
    with pytest.raises(type(ERRORS[error])):
        runs.save(replace(tiny_record, status="stopped"), path)
    assert path.read_bytes() == before
    assert runs.load(path).status == tiny_record.status
    assert os.listdir(tmp_path) == ["run.json"]


@pytest.mark.parametrize("error", list(ERRORS))
def test_a_crash_while_saving_weights_keeps_the_old_file(tmp_path, monkeypatch, error):
    data = make_demo(scale=0.02)
    models = {"cnn": build_model(CNNConfig(widths=(4,)), **data.shape, seed=0)}
    split = make_split(data, "random")
    path = save_weights(tmp_path / "models.pt", models, data, split)
    before = path.read_bytes()
    _crash_writes(monkeypatch, len(before) // 2, ERRORS[error])
    models = {"cnn": build_model(CNNConfig(widths=(4,)), **data.shape, seed=1)}
    with pytest.raises((type(ERRORS[error]), RuntimeError)):  # torch may wrap the failed write in its own error
        save_weights(path, models, data, split)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["models.pt"]


# --- Every path under a store, and files that are not files ------------------------------------


def test_a_store_whose_clip_folder_links_out_of_the_root_is_refused(tmp_path, tiny_demo):
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside.zarr"
    write_store(outside, tiny_demo.X[:24], tiny_demo.y[:24], [f"clip{i:03d}" for i in range(24)])
    inner = root / "mine.zarr"
    inner.mkdir()
    for part in outside.iterdir():  # the store's own files are inside; one folder is a link out of the root
        os.symlink(part, inner / part.name) if part.is_dir() else (inner / part.name).write_bytes(part.read_bytes())
    _refused("mine.zarr", root, "leads outside the data folder")


def test_a_link_inside_the_root_to_a_folder_linking_out_is_refused(tmp_path):
    root = tmp_path / "root"
    (root / "store").mkdir(parents=True)
    (root / "other").mkdir()
    (tmp_path / "secret.txt").write_text("not for students")
    os.symlink(tmp_path / "secret.txt", root / "other" / "x")
    os.symlink(root / "other", root / "store" / "clips")  # inside, but what it holds is not
    _refused("store", root, "leads outside the data folder")


@pytest.mark.timeout(20)
def test_a_fifo_named_npz_is_refused_without_hanging(root):
    from har.data.npz import load_npz

    os.mkfifo(root / "hang.npz")
    _refused("hang.npz", root, "is not a regular file")
    os.mkfifo(root / "stores" / "mine.zarr" / "chunk")
    _refused("stores/mine.zarr", root, "is not a regular file")
    with pytest.raises(HarError, match="not a regular file"):  # the loader itself, whoever calls it
        load_npz(root / "hang.npz")
