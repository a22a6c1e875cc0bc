"""The benchmark runs end to end in --quick mode, and the parts its numbers rest on are right.

No timed assertions: only relations that hold however busy the machine is.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_data import one_thread
from torch.utils.flop_counter import FlopCounterMode

from har.bench import cli as bench
from har.bench.loops import NotebookClips, forward_flops, notebook_loaders
from har.data.store import load_store, read_clips, write_store
from har.models import CNNConfig, NotebookCNNConfig, RNNConfig, build_model

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> dict:
    """One --quick run for the whole module: it trains real (tiny) models, so run it once."""
    out = subprocess.run(
        [sys.executable, "-m", "har", "bench", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)


def _numbers(tree):
    if isinstance(tree, dict):
        for v in tree.values():
            yield from _numbers(v)
    elif isinstance(tree, list):
        for v in tree:
            yield from _numbers(v)
    elif isinstance(tree, int | float) and not isinstance(tree, bool):
        yield tree


def test_quick_run_reports_every_section_with_finite_positive_numbers(quick):
    assert set(bench.SECTIONS) <= set(quick)
    for section in bench.SECTIONS:
        numbers = list(_numbers(quick[section]))
        assert numbers, section
        assert all(math.isfinite(x) and x >= 0 for x in numbers), section
    assert quick["meta"]["quick"] is True and quick["meta"]["data"]["n"] < 300


def test_quick_run_relations_that_do_not_depend_on_timing(quick):
    for family in ("rnn", "cnn"):
        e = quick["engine"][family]
        timed = ("engine_s", "bare_s", "notebook_s", "notebook_app_threads_s")
        assert all(len(e[k]) == quick["meta"]["rounds"] and min(e[k]) > 0 for k in timed)
        assert e["engine_over_bare"] > 0 and e["notebook_over_engine"] > 0 and e["notebook_app_threads_over_engine"] > 0
        h = quick["hardware"][family]
        assert 0 < h["fraction"] <= 1.5  # a training step cannot beat the machine's best matmul by much
        assert h["epoch_flops"] > 3 * h["forward_flops_per_clip"] * quick["meta"]["data"]["n_train"] - 1
        assert quick["memory"]["train"][family]["peak_mb"] >= quick["memory"]["train"][family]["before_mb"]
    load = quick["load"]
    assert load["same_data"] is True  # cold, cold + cache write and cached loads all equal the written clips
    assert load["n"] == quick["meta"]["data"]["n"]
    assert quick["memory"]["data"]["shared"] is True
    assert quick["memory"]["data"]["loaded_mb"] >= quick["memory"]["data"]["data_mb"]
    assert quick["app"]["job_over_engine"] > 0
    rows = quick["table"]
    assert {r["section"] for r in rows} == set(bench.SECTIONS)
    assert all(r["met"] in (True, False) for r in rows if r["target"])


@pytest.mark.parametrize("argv", [["--epochs", "0"], ["--only", "nope"], ["--epochs", "x"]])
def test_bad_arguments_are_one_line_errors(capsys, argv):
    try:
        code = bench.main(argv)
    except SystemExit as e:
        code = e.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and err.startswith("error:")


def test_through_the_har_command_a_bad_argument_is_one_line_and_exit_2():
    out = subprocess.run(
        [sys.executable, "-m", "har", "bench", "--only", "nope"], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "nope" in out.stderr and "Traceback" not in out.stderr


def test_the_in_process_entry_point_runs_one_section(capsys):
    with one_thread():
        assert bench.main(["--quick", "--only", "app"]) == 0
    out = capsys.readouterr().out
    assert "| app " in out and "parameter count" in out and "python -m har bench --quick --only app" in out


@pytest.mark.parametrize(
    "config",
    [
        RNNConfig(hidden=7),
        RNNConfig(hidden=5, layers=2, bidirectional=False),
        CNNConfig(widths=(6, 4), kernel_size=5),
        NotebookCNNConfig("cnn2"),
    ],
)
def test_forward_flops_match_pytorchs_own_flop_counter(config):
    model = build_model(config, n_frames=6, n_features=9, n_classes=3, seed=0)
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        model.eval()(torch.zeros(1, 6, 9))
    assert forward_flops(model, 6, 9) == counter.get_total_flops()


def _store(tmp_path, n=10, t=3, f=5):
    rng = np.random.default_rng(0)
    X = rng.random((n, t, f), dtype=np.float32)
    y = np.arange(n) % 3
    keys = [f"c{label}-v_x_{i + 1:02d}_01" for i, label in enumerate(y)]
    return write_store(tmp_path / "s.zarr", X, y, keys), X, y, keys


def test_notebook_dataset_reads_each_clip_as_zarr_gives_it(tmp_path):
    path, X, y, keys = _store(tmp_path)
    clips = NotebookClips(path, keys)
    assert len(clips) == len(keys)
    for i in (0, 4, 9):
        x, label = clips[i]
        assert torch.equal(x, torch.from_numpy(X[i])) and label == y[i]
    train, test = notebook_loaders(path, keys[:7], keys[7:], batch_size=4, workers=0)
    assert sorted(int(v) for _, yb in train for v in yb) == sorted(y[:7].tolist())
    assert [int(v) for _, yb in test for v in yb] == y[7:].tolist()


def test_fast_store_reader_agrees_with_zarr_itself(tmp_path):
    import zarr

    path, X, y, keys = _store(tmp_path)
    group = zarr.open_group(path, mode="r", zarr_format=2)
    expected_keys = sorted(group.array_keys())
    fields = read_clips(path)
    assert fields["keys"] == expected_keys
    for i, key in enumerate(expected_keys):
        np.testing.assert_array_equal(fields["X"][i], group[key][...])
        assert fields["y"][i] == group[key].attrs["y"]


def test_cached_load_equals_cold_load_and_a_damaged_cache_is_rebuilt(tmp_path):
    path, *_ = _store(tmp_path)
    cache = tmp_path / "cache"
    cold = load_store(path, cache_dir=cache)
    (cache_file,) = cache.iterdir()
    warm = load_store(path, cache_dir=cache)
    for a, b in ((cold.X, warm.X), (cold.y, warm.y), (cold.groups, warm.groups)):
        np.testing.assert_array_equal(a, b)
    assert (cold.keys, cold.class_names) == (warm.keys, warm.class_names)
    raw = bytearray(cache_file.read_bytes())
    raw[-1] ^= 0xFF  # one flipped bit in the last clip
    cache_file.write_bytes(bytes(raw))
    again = load_store(path, cache_dir=cache)
    np.testing.assert_array_equal(again.X, cold.X)
    assert cache_file.read_bytes() != bytes(raw)  # rewritten from the store
