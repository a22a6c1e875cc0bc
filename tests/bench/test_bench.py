"""The benchmark runs end to end in --quick mode, its command line, the browser sections' parts that need no browser,
the classroom's ideal queue, and its modules' layers. (The loops and counts it rests on: test_loops.py.)

No timed assertions: only relations that hold however busy the machine is.
"""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from support.data import one_thread
from support.paths import ROOT
from torch import nn

from bench import cli as bench
from bench import harness, ui
from bench.training import describe
from har.i18n import t as text
from har.train import TrainConfig, adam

# The ui, race, startup and classroom sections start Streamlit servers and Chromium, the ray section a Ray
# cluster: more than the rest of the quick run together, so the suite leaves them to `python -m bench
# --only ui` (race, ray, startup, classroom; tests/unit/backends/test_ray.py trains on Ray) and tests their parts below.
LIBRARY_SECTIONS = [s for s in bench.SECTIONS if s not in ("ui", "race", "ray", "startup", "classroom")]


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> dict:
    """One --quick run for the whole module: it trains real (tiny) models, so run it once."""
    only = [arg for section in LIBRARY_SECTIONS for arg in ("--only", section)]
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json", *only],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)


# Differences of two memory readings: what a class's runs add to a process. Settled readings (bench/probe.py
# settled_rss_mb) keep them honest, but a difference has no sign of its own, so they are held to being finite
# here and to their relation below (weights in the sessions hold more than weights in the run store).
DIFFERENCES = {"held_mb"}


def _numbers(tree, keys=None):
    """The numbers in a report: all of them, or (keys given) only those under those keys; DIFFERENCES never
    unless asked for."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            if keys is None and k not in DIFFERENCES:
                yield from _numbers(v)
            elif keys is not None:
                yield from _numbers(v, None if k in keys else keys)
    elif isinstance(tree, list):
        for v in tree:
            yield from _numbers(v, keys)
    elif isinstance(tree, int | float) and not isinstance(tree, bool) and keys is None:
        yield tree


def test_quick_run_reports_every_section_with_finite_positive_numbers(quick):
    assert set(LIBRARY_SECTIONS) <= set(quick)
    for section in LIBRARY_SECTIONS:
        numbers = list(_numbers(quick[section]))
        assert numbers, section
        assert all(math.isfinite(x) and x >= 0 for x in numbers), section
        assert all(math.isfinite(x) for x in _numbers(quick[section], DIFFERENCES)), section
    assert len(list(_numbers(quick["memory"], DIFFERENCES))) == 2  # the class's runs, weights in sessions or store
    assert quick["meta"]["quick"] is True and quick["meta"]["data"]["n"] < 300


def test_quick_run_times_the_explain_wing_on_the_test_clips(quick):
    n_test = quick["meta"]["data"]["n"] - quick["meta"]["data"]["n_train"]
    explain = quick["explain"]
    assert explain["clips"] == n_test
    assert set(explain["edit_ms"]) == {"reverse", "shuffle", "drop"}
    hidden = 2 * 16  # the quick pair: a bidirectional GRU of 16 units, one conv layer of 16 filters
    assert explain["rnn"]["map_dims"] == hidden and explain["cnn"]["map_dims"] == 16


def test_quick_run_relations_that_do_not_depend_on_timing(quick):
    n_train, n_test = quick["meta"]["data"]["n_train"], quick["meta"]["data"]["n"] - quick["meta"]["data"]["n_train"]
    for family in ("rnn", "cnn"):
        e = quick["engine"][family]
        timed = ("engine_s", "bare_s", "notebook_s", "notebook_as_written_s")
        assert all(len(e[k]) == quick["meta"]["rounds"] and min(e[k]) > 0 for k in timed)
        assert e["engine_over_bare"] > 0 and e["notebook_over_engine"] > 0 and e["notebook_as_written_over_engine"] > 0
        h = quick["hardware"][family]
        assert 0 < h["fraction"] <= 1.5  # a training step cannot beat the machine's best matmul by much
        per_clip = h["flops_per_clip"]
        assert h["epoch_flops"] == pytest.approx(
            (per_clip["forward"] + per_clip["backward"]) * n_train + per_clip["inference"] * n_test
        )
        assert per_clip["forward"] == pytest.approx(per_clip["inference"])  # no dropout: the same layers run
        assert per_clip["forward"] < per_clip["backward"] < 3 * per_clip["forward"]  # measured, not assumed
        assert quick["memory"]["train"][family]["peak_mb"] >= quick["memory"]["train"][family]["before_mb"]
    load = quick["load"]
    assert load["same_data"] is True  # cold, cold + cache write and cached loads all equal the written clips
    assert load["n"] == quick["meta"]["data"]["n"]
    assert quick["memory"]["data"]["shared"] is True
    held = quick["memory"]["class"]  # a class's runs: weights kept in the sessions, or in the run store on disk
    runs = held["students"] * held["runs_each"]
    assert held["session"]["runs"] == held["store"]["runs"] == runs
    assert held["session"]["held_mb"] > held["store"]["held_mb"]
    assert held["store"]["store_mb"] > 0 == held["session"]["store_mb"]  # the weights went to disk
    assert quick["memory"]["data"]["loaded_mb"] >= quick["memory"]["data"]["data_mb"]
    assert quick["app"]["job_over_engine"] > 0
    rows = quick["table"]
    assert {r["section"] for r in rows} == set(LIBRARY_SECTIONS)
    assert all(r["met"] in (True, False) for r in rows if r["target"])


def test_the_judged_notebook_ratio_runs_both_sides_on_the_same_threads(quick):
    """The >= 3x target is judged at equal threads; the notebook as written is context beside it."""
    meta = quick["meta"]
    for family in ("rnn", "cnn"):
        e = quick["engine"][family]
        assert e["threads"]["notebook"] == e["threads"]["engine"] == meta["threads"]
        assert e["workers"]["notebook"] == 0  # a worker process would be threads the engine does not get
        assert e["threads"]["notebook_as_written"] == meta["default_threads"]
        assert e["workers"]["notebook_as_written"] == 2
        judged = [r for r in quick["table"] if r["name"].startswith(f"{family}: notebook loop /") and r["target"]]
        assert [r["target"] for r in judged] == [">= 3x"] and judged[0]["value"] == e["notebook_over_engine"]
        # judged on the notebook's own work: the engine's eval-mode pass over its training clips is measured apart
        assert 0 < e["measure_train_s"] < min(e["engine_s"])
        assert e["notebook_over_engine"] > e["notebook_over_whole_engine_epoch"] > 0
        assert "judged" in judged[0]["name"] and f"both {meta['threads']} thread" in judged[0]["name"]
        context = [r for r in quick["table"] if r["name"].startswith(f"{family}: notebook loop as written")]
        assert [r["target"] for r in context] == [""] and "context" in context[0]["name"]


def test_the_bare_loop_takes_the_engines_steps_with_the_engines_optimizer(quick):
    """engine / bare loop measures the engine's own cost: same optimiser, order and batches."""
    engine_adam = describe(adam(nn.Linear(2, 2), TrainConfig()))
    for family in ("rnn", "cnn"):
        e = quick["engine"][family]
        assert e["optimizer"] == {"engine": engine_adam, "bare": engine_adam}
        assert e["bare_max_weight_difference"] == 0.0  # after one epoch each from the same weights


@pytest.mark.parametrize("argv", [["--epochs", "0"], ["--only", "nope"], ["--epochs", "x"]])
def test_bad_arguments_are_one_line_errors(capsys, argv):
    try:
        code = bench.main(argv)
    except SystemExit as e:
        code = e.code
    assert code == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and err.startswith("error:")


def test_as_a_command_a_bad_argument_is_one_line_and_exit_2():
    out = subprocess.run([sys.executable, "-m", "bench", "--only", "nope"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "nope" in out.stderr and "Traceback" not in out.stderr


def test_the_in_process_entry_point_runs_one_section(capsys):
    with one_thread():
        assert bench.main(["--quick", "--only", "app"]) == 0
    out = capsys.readouterr().out
    assert "| app " in out and "parameter count" in out and "python -m bench --quick --only app" in out


# The ui section's parts that need no browser


def test_the_ui_section_reads_the_seconds_off_the_train_pages_finished_line():
    prefix, pattern = ui.finished_pattern()
    line = text("train.finished", epochs=3, seconds=12.34)
    assert prefix and line.startswith(prefix)
    assert float(pattern.search(line)["seconds"]) == 12.3
    assert pattern.search(text("train.finished", epochs=10, seconds=7.0))["seconds"] == "7.0"


@pytest.mark.parametrize("section", ["ui", "startup", "classroom"])
def test_without_chromium_a_browser_section_is_skipped_with_one_sentence(monkeypatch, tmp_path, capsys, section):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "chromium"))
    with one_thread():
        assert bench.main(["--quick", "--only", section]) == 0
    out = capsys.readouterr().out
    assert f"skipped: no Chromium at {tmp_path / 'chromium'}" in out and f"| {section} " in out


def test_without_playwright_the_ui_section_says_so_in_one_sentence(monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", sys.executable)  # any file: the check stops before launching it
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # what a missing package raises on import
    with pytest.raises(harness.Unavailable, match=r"^playwright is not installed \(pip install playwright"):
        harness.browser_parts()


def test_the_classroom_ideal_for_presses_as_they_came_is_a_first_come_first_served_queue(tmp_path):
    from bench.classroom import ClassResult, class_trainings

    def result(arrivals, ends):
        jobs = [{"queued": a, "started": a, "ended": e} for a, e in zip(arrivals, ends, strict=True)]
        return ClassResult(
            students=4, slots=2, solo_s=[1.0], alone_s=1.2, visitor_s=1.0, visitor_during_rush=True, rush_s=9.0,
            trainings=jobs, cpu_s=1.0, server_cpu_s=0.5, peak_mb=1.0, startup_peak_mb=1.0, everyone=[],
        )  # fmt: skip

    together = result([0, 0, 0, 0], [1, 1, 2, 2])
    assert together.ideal_s == together.served_ideal_s == 2.0 and together.server_last_s == 2.0
    late = result([0, 0, 5, 5.5], [1, 1, 6, 7.5])  # two pressed late: the ideal waits for them
    assert late.served_ideal_s == 6.5 and late.server_last_s == 7.5
    assert result([0, 0, 0], [1, 1, 2]).server_last_s is None  # a student's training never ended

    log = tmp_path / "jobs.jsonl"
    lines = [{"kind": "training", "queued": t, "started": t + 1, "ended": t + 2} for t in (99.0, 100.5)]
    lines.append({"kind": "lab-seeds", "queued": 101.0, "started": 101.0, "ended": 105.0})
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert class_trainings(log, 100.0) == [{"kind": "training", "queued": 0.5, "started": 1.5, "ended": 2.5}]


# The benchmark's own layers

LAYERS = [
    "report",
    "probe",
    "loops",
    "context",
    "usage",
    "harness",
    "inspector",
    "training",
    "serving",
    "explain",
    "ui",
    "race",
    "cluster",
    "startup",
    "students",
    "classroom",
    "cli",
]  # each imports only leftwards


def wing_imports(path: Path) -> tuple[set[str], set[str]]:
    """(bench modules `path` imports at its top, bench modules it imports anywhere else)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top, nested = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bench":
            names = {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bench."):
            names = {node.module.split(".")[1]}
        elif isinstance(node, ast.Import):
            names = {a.name.split(".")[1] for a in node.names if a.name.startswith("bench.")}
        else:
            continue
        (top if node in tree.body else nested).update(names)
    return top, nested


def test_the_bench_wing_has_no_cycles_and_imports_only_point_down():
    modules = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if not p.stem.startswith("__"))
    assert modules == sorted(LAYERS)
    for name in LAYERS:
        top, nested = wing_imports(ROOT / "bench" / f"{name}.py")
        assert nested == set(), f"{name} imports {nested} inside a function"
        assert top <= set(LAYERS[: LAYERS.index(name)]), f"{name} imports {top - set(LAYERS[: LAYERS.index(name)])}"
    assert wing_imports(ROOT / "bench" / "cli.py")[0] >= {"training", "serving", "ui", "context"}
