"""What a process tree (a `streamlit run` server and any worker it starts) uses in CPU time and memory,
sampled from /proc while a measurement runs."""

from __future__ import annotations

import os
import threading
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class TreeUsage:
    """Samples a process and its descendants: CPU seconds used by all of them (those that ended
    included, at their last sample) and the peak of their summed resident memory."""

    def __init__(self, pid: int, period: float = 0.25):
        self.pid, self.period = pid, period
        self._cpu: dict[int, float] = {}  # pid -> CPU seconds at its last sample
        self._base: dict[int, float] = {}  # the same at the last reset()
        self.peak_rss = 0  # bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tree-usage", daemon=True)

    def start(self) -> None:
        self.sample()
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()

    def reset(self) -> None:
        """Count from now on: CPU seconds and peak memory of what follows only."""
        self.sample()
        self._base = dict(self._cpu)
        self.peak_rss = 0

    def cpu_seconds(self) -> float:
        return sum(cpu - self._base.get(pid, 0.0) for pid, cpu in self._cpu.items())

    def own_cpu_seconds(self) -> float:
        """The root process's CPU seconds alone (the server, not the workers it starts), since the last reset."""
        return self._cpu.get(self.pid, 0.0) - self._base.get(self.pid, 0.0)

    def sample(self) -> None:
        rss = 0
        for pid in tree(self.pid):
            stat = read_stat(pid)
            if stat is None:
                continue
            cpu, pages = stat
            self._cpu[pid] = cpu
            rss += pages * PAGE
        self.peak_rss = max(self.peak_rss, rss)

    def _loop(self) -> None:
        while not self._stop.wait(self.period):
            self.sample()


def read_stat(pid: int) -> tuple[float, int] | None:
    """(user + system CPU seconds, resident pages) of `pid`, or None once it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (name) ": state is field 3 of stat(5)
    return (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21])


def tree(root: int) -> list[int]:
    """`root` and every process descended from it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(text[text.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out
