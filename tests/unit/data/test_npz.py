"""Your own data as an .npz: a round trip, and one clear sentence for each kind of bad content."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import numpy as np
import pytest

from har.data import make_dataset
from har.data.npz import load_npz, save_npz
from har.errors import HarError


def _good_fields(n=6, t=3, f=4, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return {
        "X": rng.random((n, t, f), dtype=np.float32),
        "y": np.arange(n) % classes,
    }


def _write(path: Path, **arrays) -> Path:
    np.savez(path, **arrays)  # saving may pickle; loading never does
    return path


def test_round_trip_keeps_every_field(tmp_path):
    fields = _good_fields()
    data = make_dataset(
        "mine",
        fields["X"],
        fields["y"],
        keys=[f"clip-{i}" for i in range(6)],
        class_names=["run", "jump", "sit"],
        groups=np.array([0, 0, 1, 1, 2, 2]),
    )
    path = save_npz(tmp_path / "mine.npz", data)
    back = load_npz(path)
    assert np.array_equal(back.X, data.X) and back.X.dtype == np.float32
    assert np.array_equal(back.y, data.y)
    assert back.keys == data.keys and back.class_names == data.class_names
    assert np.array_equal(back.groups, data.groups)
    assert back.name == "mine.npz" and back.notes == ()


def test_only_x_and_y_are_needed(tmp_path):
    fields = _good_fields()
    data = load_npz(_write(tmp_path / "xy.npz", **fields))
    assert data.n == 6 and (data.t, data.f) == (3, 4)
    assert data.class_names == ("class 0", "class 1", "class 2")
    assert data.n_groups == 6  # one group per clip when none are given


def test_a_file_object_works_too(tmp_path):
    buffer = io.BytesIO()
    np.savez(buffer, **_good_fields())
    buffer.seek(0)
    data = load_npz(buffer)
    assert data.name == "uploaded .npz" and data.n == 6
    buffer.seek(0)
    assert load_npz(buffer, name="upload.npz").name == "upload.npz"


@pytest.mark.parametrize("missing", [["X"], ["y"], ["X", "y"]])
def test_missing_x_or_y_is_named(tmp_path, missing):
    fields = {k: v for k, v in _good_fields().items() if k not in missing}
    fields["other"] = np.zeros(3)
    with pytest.raises(HarError) as err:
        load_npz(_write(tmp_path / "part.npz", **fields))
    message = str(err.value)
    assert "has no " + " or ".join(missing) in message


class _Marker:
    """Unpickling this would create a file: proof that a pickle was loaded."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


@pytest.mark.parametrize("field", ["X", "y", "class_names", "keys"])
def test_object_arrays_are_refused_and_never_unpickled(tmp_path, field):
    marker = tmp_path / "unpickled"
    fields = {**_good_fields(), "class_names": np.array(["a", "b", "c"]), "keys": np.array([f"k{i}" for i in range(6)])}
    evil = np.empty(fields[field].shape, dtype=object)
    evil.flat[0] = _Marker(marker)
    fields[field] = evil
    path = _write(tmp_path / "evil.npz", **fields)
    with pytest.raises(HarError, match="pickle"):
        load_npz(path)
    assert not marker.exists()


def test_a_pickle_file_is_never_loaded(tmp_path):
    marker = tmp_path / "unpickled"
    path = tmp_path / "data.npz"
    path.write_bytes(pickle.dumps({"X": _Marker(marker)}))
    with pytest.raises(HarError, match="not an .npz"):
        load_npz(path)
    assert not marker.exists()


@pytest.mark.parametrize(
    "content,match",
    [
        (b"", "not a readable"),
        (b"clip,label\n1,2\n", "not an .npz"),
    ],
)
def test_files_that_are_not_npz(tmp_path, content, match):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(HarError, match=match):
        load_npz(path)


def test_a_single_npy_array_is_explained(tmp_path):
    path = tmp_path / "X.npy"
    np.save(path, _good_fields()["X"])
    with pytest.raises(HarError, match="single .npy"):
        load_npz(path)


def test_a_truncated_npz(tmp_path):
    path = _write(tmp_path / "cut.npz", **_good_fields())
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(HarError, match="not a readable"):
        load_npz(path)


def test_a_missing_file(tmp_path):
    with pytest.raises(HarError, match="does not exist"):
        load_npz(tmp_path / "nowhere.npz")


@pytest.mark.parametrize("shape", [(6,), (6, 4), (6, 3, 4, 1)])
def test_wrong_rank_names_the_shape(tmp_path, shape):
    fields = _good_fields()
    fields["X"] = np.zeros(shape, np.float32)
    with pytest.raises(HarError, match="3 dimensions") as err:
        load_npz(_write(tmp_path / "rank.npz", **fields))
    assert str(shape) in str(err.value)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_name_the_first_clip(tmp_path, bad):
    fields = _good_fields()
    fields["X"][4, 1, 2] = bad
    fields["X"][5, 0, 0] = bad
    with pytest.raises(HarError, match="NaN or infinite") as err:
        load_npz(_write(tmp_path / "nan.npz", **fields))
    assert "2 NaN" in str(err.value) and "clip 4" in str(err.value)


def test_one_class_is_not_enough(tmp_path):
    fields = _good_fields()
    fields["y"] = np.zeros(6, dtype=int)
    with pytest.raises(HarError, match="only one class"):
        load_npz(_write(tmp_path / "one.npz", **fields))


def test_labels_out_of_range_of_the_class_names(tmp_path):
    fields = _good_fields()
    fields["class_names"] = np.array(["a", "b"])  # labels go up to 2
    with pytest.raises(HarError, match="label 2 is out of range"):
        load_npz(_write(tmp_path / "range.npz", **fields))


@pytest.mark.parametrize(
    "y,match",
    [
        (np.array([0, 1, 0, 1, 0]), "one label per clip"),
        (np.array([0, 1, -1, 1, 0, 1]), "0 or more"),
        (np.array([0, 1, 0.5, 1, 0, 1]), "whole numbers"),
        (np.array(["a", "b", "a", "b", "a", "b"]), "whole numbers"),
    ],
)
def test_bad_labels(tmp_path, y, match):
    fields = {**_good_fields(), "y": y}
    with pytest.raises(HarError, match=match):
        load_npz(_write(tmp_path / "y.npz", **fields))


def test_whole_float_labels_are_accepted(tmp_path):
    fields = {**_good_fields(), "y": np.array([0.0, 1.0, 2.0, 0.0, 1.0, 2.0])}
    data = load_npz(_write(tmp_path / "y.npz", **fields))
    assert data.y.dtype == np.int64 and data.y.tolist() == [0, 1, 2, 0, 1, 2]


@pytest.mark.parametrize("field", ["class_names", "keys"])
def test_names_must_be_strings(tmp_path, field):
    fields = {**_good_fields(), field: np.arange(6)}
    with pytest.raises(HarError, match=f"{field} in y.npz must be an array of strings"):
        load_npz(_write(tmp_path / "y.npz", **fields))


@pytest.mark.parametrize(
    "extra,match",
    [
        ({"keys": np.array(["a", "b"])}, r"number of keys \(2\) differs from the number of clips \(6\)"),
        ({"groups": np.arange(5)}, r"one integer per clip \(6 in all\)"),
        ({"groups": np.linspace(0, 1, 6)}, r"one integer per clip \(6 in all\)"),
    ],
)
def test_optional_fields_must_fit(tmp_path, extra, match):
    with pytest.raises(HarError, match=match):
        load_npz(_write(tmp_path / "o.npz", **_good_fields(), **extra))


@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.uint8, np.float16, np.bool_])
def test_other_number_types_become_float32_with_a_note(tmp_path, dtype):
    fields = _good_fields()
    X = (fields["X"] * 3).astype(dtype)
    data = load_npz(_write(tmp_path / "t.npz", X=X, y=fields["y"]))
    assert data.X.dtype == np.float32
    np.testing.assert_array_equal(data.X, X.astype(np.float32))
    assert data.notes == (f"features converted from {np.dtype(dtype)} to float32",)


def test_loaded_arrays_are_read_only(tmp_path):
    data = load_npz(_write(tmp_path / "ro.npz", **_good_fields(), groups=np.array([0, 0, 1, 1, 2, 2])))
    for array in (data.X, data.y, data.groups):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 1


def test_save_returns_the_file_it_wrote(tmp_path):
    data = make_dataset("mine", **_good_fields())
    path = save_npz(tmp_path / "clips", data)  # numpy adds the suffix
    assert path == tmp_path / "clips.npz" and path.is_file()
    assert np.array_equal(load_npz(path).X, data.X)
    assert save_npz(tmp_path / "other.npz", data) == tmp_path / "other.npz"
