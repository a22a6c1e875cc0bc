"""The race section: "Train both" with the default pair on an idle `streamlit run` server, as a student sees
it in headless Chromium (the two models training at once in worker processes), against the way the app
trained before (both models taking turns in one process on cores // slots threads: the bare engine
replaying the page's run) and against `python -m har train` run as a command, in one run, alternating."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from bench.context import ROOT, Bench, median_ratio, run_probe, say
from bench.harness import Unavailable, launch, new_tab, serve
from bench.report import Row, count
from bench.ui import browser_section, train_on_page
from har.runs import RunRecord, load, model_configs

EPOCHS = 10  # the measure: the default pair, 10 epochs, full demo
TARGETS = {"today": 0.6, "command": 1.0}  # race / today's way, race / `python -m har train`
ORDERS = (("page", "today", "command"), ("command", "today", "page"))  # rounds alternate A B C, C B A
KINDS = {"workers": ("har.backends.worker",), "server": ("streamlit run",), "browser": ("chromium", "playwright")}


def measure(bench: Bench) -> dict:
    """Rounds of page, today's way and the command (A B C, then C B A); skipped, with the reason in the
    table, where this machine has no browser to drive."""
    try:
        chromium, sync_playwright, scale, epochs, rounds, folder = browser_section(bench, "race", EPOCHS)
    except Unavailable as e:
        return bench.skip("race", str(e))
    data = demo_file(folder, scale)
    sides = {"waited": [], "shown": [], "today": [], "command": [], "command_training": []}
    sides |= {f"{kind}_cores": [] for kind in KINDS}
    with serve(folder, scale=scale) as server, sync_playwright() as p:
        url, browser = server.url, launch(p, chromium)
        try:
            # a fresh server: the first page is opened, as the lecturer does, and the server warms up behind it
            # (its workers start and import torch); no training runs before the first timed click
            first_page(browser, url, server.process.pid)
            for r in range(rounds):
                for side in ORDERS[r % 2]:  # the page comes first: the other two replay its latest run
                    if side == "page":
                        with CpuWatch() as cpu:
                            shown, waited, record = train_on_page(
                                browser, url, epochs, folder / f"page-{r}.json", seed=r
                            )
                        for kind in KINDS:  # cores each kind kept busy, from opening the page to the download
                            sides[f"{kind}_cores"].append(cpu.used[kind] / cpu.seconds)
                        sides["shown"].append(shown)
                        sides["waited"].append(waited)
                    elif side == "today":
                        replay, _ = run_probe("engine", record, scale)
                        sides["today"].append(replay["seconds"])
                    else:
                        wall, training = command(data, load(record), folder / f"command-{r}.json")
                        sides["command"].append(wall)
                        sides["command_training"].append(training)
                say(
                    f"race round {r + 1}: page {sides['waited'][-1]:.1f}s, today's way {sides['today'][-1]:.1f}s, "
                    f"command {sides['command'][-1]:.1f}s"
                )
        finally:
            browser.close()
    out = {f"{k}_s": v for k, v in sides.items()}
    out |= {
        "page_over_today": median_ratio(sides["waited"], sides["today"]),
        "page_over_command": median_ratio(sides["waited"], sides["command"]),
        "first_click_over_command": sides["waited"][0] / statistics.median(sides["command"]),
        "shown_over_today": median_ratio(sides["shown"], sides["today"]),
        "page_over_command_training": median_ratio(sides["waited"], sides["command_training"]),
        "epochs": epochs,
        "scale": scale,
        "threads_per_model": load(record).config.threads,
        "cores": {kind: statistics.median(sides[f"{kind}_cores"]) for kind in KINDS},
    }
    bench.rows += rows(out, rounds)
    return out


WARM_WORKERS = 2  # the server warms one worker per model of the race (dashboard/warm.py)


def first_page(browser, url: str, server_pid: int, timeout: float = 180.0) -> float:
    """Open the app's first page in a tab and wait until the server is warm: its worker processes started and
    idle (torch imported); return the seconds that took."""
    page = new_tab(browser)
    start = time.perf_counter()
    try:
        page.goto(url)
        page.locator('[data-testid="stMain"] h1').first.wait_for()
        last = None
        while time.perf_counter() - start < timeout:
            workers = sorted(
                (pid, cpu)
                for pid, parent, command, cpu in _processes()
                if parent == server_pid and "har.backends.worker" in command
            )
            if len(workers) >= WARM_WORKERS and workers == last:  # no CPU used in the last second: ready
                return time.perf_counter() - start
            last = workers
            time.sleep(1.0)
        raise RuntimeError(f"the server's workers were not ready {timeout:.0f} s after its first page")
    finally:
        page.context.close()


class CpuWatch:
    """CPU seconds that this process's descendants use while the block runs, by kind (KINDS), sampled
    twice a second so that a process that starts and ends inside the block (a browser tab) still counts.
    Linux only (/proc); zeros elsewhere."""

    def __enter__(self):
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.start = time.perf_counter()
        self._sample(start=True)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        self._sample()
        self.seconds = time.perf_counter() - self.start
        self.used = dict.fromkeys(KINDS, 0.0)
        for pid, (kind, seconds) in self.last.items():
            self.used[kind] += seconds - self.first.get(pid, 0.0)

    def _watch(self) -> None:
        while not self._done.wait(0.5):
            self._sample()

    def _sample(self, start: bool = False) -> None:
        tree = {os.getpid()}
        for pid, parent, command, seconds in sorted(_processes()):  # parents start before their children
            if parent in tree:
                tree.add(pid)
                kind = next((k for k, words in KINDS.items() if any(w in command for w in words)), None)
                if kind:
                    self.last[pid] = (kind, seconds)
                    if start:
                        self.first[pid] = seconds


def _processes():
    """(pid, parent pid, command line, CPU seconds) of every process this user can read."""
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        yield int(entry.name), int(stat[1]), command, (int(stat[11]) + int(stat[12])) / tick


def demo_file(folder: Path, scale: float) -> str:
    """What `python -m har train --data` reads to train on the page's data: the demo, or at a smaller
    scale the same clips written to an .npz (the command has no scale of its own)."""
    if scale == 1.0:
        return "demo"
    from har.data.demo import make_demo

    data = make_demo(scale=scale)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.npz"
    np.savez(path, X=data.X, y=data.y, class_names=np.array(data.class_names), groups=data.groups)
    return str(path)


def command(data: str, page: RunRecord, out: Path) -> tuple[float, float]:
    """`python -m har train` on the page's models, epochs and seed: (wall seconds of the whole command,
    seconds of its epochs). The run must be the page's, or the comparison would not hold."""
    config = page.config
    presets = {"rnn": "notebook-rnn", "cnn": "matched-cnn"}
    argv = ["--data", data, "--epochs", config.train.epochs, "--seed", config.train.seed]
    argv += ["--split", config.split, "--split-seed", config.split_seed]
    argv += ["--rnn-preset", presets["rnn"], "--cnn-preset", presets["cnn"], "--quiet", "--out", out]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "har", "train", *map(str, argv)], cwd=ROOT, env=env, check=True)
    wall = time.perf_counter() - start
    record = load(out)
    if model_configs(record) != model_configs(page) or record.test_idx != page.test_idx:
        raise RuntimeError("the command did not train the page's models on the page's split")
    return wall, sum(h.seconds for m in record.models.values() for h in m.history)


def rows(out: dict, rounds: int) -> list[Row]:
    runs = f"{out['epochs']}-epoch runs of the default pair, {count(rounds, 'round')}"
    today, cmd = out["page_over_today"], out["page_over_command"]
    return [
        Row("race", f"Train page on an idle server, click to 'Finished' / today's way ({runs})", today, "x",
            f"<= {TARGETS['today']}x", today <= TARGETS["today"]),
        Row("race", "Train page, click to 'Finished' / `python -m har train` (the whole command)", cmd, "x",
            f"<= {TARGETS['command']}x", cmd <= TARGETS["command"]),
        Row("race", "Train page, a fresh server's first click to 'Finished' / `python -m har train`",
            out["first_click_over_command"], "x", f"<= {TARGETS['command']}x",
            out["first_click_over_command"] <= TARGETS["command"]),
        Row("race", "Train page, the time it reports / today's way (context)", out["shown_over_today"], "x"),
        Row("race", "Train page, click to 'Finished' / the command's epochs alone (context)",
            out["page_over_command_training"], "x"),
        *[Row("race", f"opening the page to the download: cores kept busy by the {kind} (median, context)",
              out["cores"][kind], "cores") for kind in KINDS],
    ]  # fmt: skip
