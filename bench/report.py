"""The benchmark's table: one row per measurement, with its target and whether it is met."""

from __future__ import annotations

from dataclasses import asdict, dataclass

UNITS = {
    "s": lambda v: f"{v:.2f} s",
    "ms": lambda v: f"{v:.1f} ms",
    "x": lambda v: f"{v:.2f}x",
    "GFLOP/s": lambda v: f"{v / 1e9:.1f} GFLOP/s",
    "%": lambda v: f"{100 * v:.0f} %",
    "MB": lambda v: f"{v:.0f} MB",
    "cores": lambda v: f"{v:.2f} cores",
    "": lambda v: str(v),
}


@dataclass
class Row:
    section: str
    name: str
    value: float | bool
    unit: str = ""
    target: str = ""  # e.g. "<= 1.10x"; empty for context rows
    met: bool | None = None  # None: no target

    def as_dict(self) -> dict:
        return asdict(self)

    def cells(self) -> list[str]:
        status = "" if self.met is None else ("met" if self.met else "MISSED")
        return [self.section, self.name, UNITS[self.unit](self.value), self.target, status]


def count(n: int, word: str) -> str:
    """ "1 thread", "2 threads": a count with its noun in the right number."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def table(rows: list[Row], meta: dict) -> str:
    """A Markdown table, headed by the command, date and machine it was measured with."""
    head = ["section", "measurement", "value", "target", ""]
    body = [r.cells() for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    lines = [
        f"`{meta['command']}` — {meta['date']}",
        f"{meta['machine']}; Python {meta['python']}, torch {meta['torch']} on {meta['device']}, "
        f"{count(meta['threads'], 'torch thread')} per training (torch's default here: {meta['default_threads']}); "
        f"load average at the end {_load(meta)}; data {meta['data']['n']} x {meta['data']['t']} x {meta['data']['f']}.",
        "",
        line(head),
        "| " + " | ".join("-" * w for w in widths) + " |",
        *[line(cells) for cells in body],
    ]
    return "\n".join(lines)


def _load(meta: dict) -> str:
    load = meta.get("load_average")
    return " / ".join(f"{x:.1f}" for x in load) if load else "n/a"
