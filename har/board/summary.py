"""What the board says aloud: per size range, how far the CNN leads the RNN (or trails it) over the published
runs, and whether that gap is larger than the spread between runs (a paired t-test, har.stats)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from har.board.entry import Entry
from har.messages import Message
from har.stats import ALPHA, PairedTest, paired_t_test

# Size ranges in parameters (low inclusive, high exclusive): the notebook's models sit in the third.
BANDS = ((0, 20_000), (20_000, 200_000), (200_000, 1_000_000), (1_000_000, math.inf))
MIN_RUNS = 3  # fewer runs than this in a range: too few to compare, and the board says so


@dataclass(frozen=True)
class Gap:
    """CNN minus RNN final test accuracy over the runs whose two models both fall in one size range."""

    low: float
    high: float
    runs: int
    test: PairedTest | None  # None when runs < MIN_RUNS


def paired_runs(entries: list[Entry]) -> list[tuple[Entry, Entry]]:
    """(RNN, CNN) of every run that published exactly one of each: they share split, seed and epochs."""
    by_run: dict[str, dict[str, list[Entry]]] = {}
    for e in entries:
        by_run.setdefault(e.run_id, {}).setdefault(e.family, []).append(e)
    return [(m["rnn"][0], m["cnn"][0]) for m in by_run.values() if len(m.get("rnn", ())) == len(m.get("cnn", ())) == 1]


def gaps(entries: list[Entry]) -> list[Gap]:
    """One Gap per size range that holds at least one run with both models inside it."""
    found = []
    pairs = paired_runs(entries)
    for low, high in BANDS:
        inside = [(r, c) for r, c in pairs if low <= r.params < high and low <= c.params < high]
        if not inside:
            continue
        test = None
        if len(inside) >= MIN_RUNS:
            test = paired_t_test([c.final_acc for _, c in inside], [r.final_acc for r, _ in inside])
        found.append(Gap(low, high, len(inside), test))
    return found


def band_label(low: float, high: float) -> Message:
    """ "0.2-1 M", "20-200 k", "> 1 M": how a lecturer says a size range."""
    if math.isinf(high):
        return Message("board.band.over", size=_size(low))
    if low == 0:
        return Message("board.band.under", size=_size(high))
    if low < 1e6 <= high:
        return Message("board.band.millions", low=low / 1e6, high=high / 1e6)
    return Message("board.band.thousands", low=low / 1e3, high=high / 1e3)


def _size(n: float) -> Message:
    if n >= 1e6:
        return Message("board.size.millions", n=n / 1e6)
    return Message("board.size.thousands", n=n / 1e3) if n >= 1e3 else Message("board.size.units", n=n)


def sentences(entries: list[Entry]) -> list[Message]:
    """One sentence per size range with runs in it (or one saying there are none)."""
    found = gaps(entries)
    if not found:
        return [Message("board.summary.none")]
    return [_sentence(g) for g in found]


def _sentence(gap: Gap) -> Message:
    band = band_label(gap.low, gap.high)
    t = gap.test
    if t is None:
        return Message("board.summary.too_few", band=band, runs=gap.runs, need=MIN_RUNS)
    points = 100 * t.mean_diff
    if points == 0:
        return Message("board.summary.level", band=band, runs=gap.runs)
    leader, other = ("CNN", "RNN") if points > 0 else ("RNN", "CNN")
    sign = 1 if points > 0 else -1  # the interval of the leader's lead, in points
    low, high = sorted((sign * 100 * t.low, sign * 100 * t.high))
    larger = t.p < ALPHA
    return Message(
        "board.summary.gap_yes" if larger else "board.summary.gap_no",
        band=band,
        leader=leader,
        other=other,
        points=abs(points),
        runs=gap.runs,
        low=low,
        high=high,
        p=_p(t.p),
    )


def _p(p: float) -> Message:
    return Message("board.p_below", limit=0.001) if p < 0.001 else Message("board.p", p=p)
