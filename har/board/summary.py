"""What the board says aloud: for each set of comparable runs (the same data and split, the same epochs, sizes
within SIZE_RATIO), how far the CNN leads the RNN (or trails it), and whether that gap is larger than the
spread between runs (a paired t-test, har.stats). Identical runs count once: they add no evidence."""

from __future__ import annotations

from dataclasses import dataclass

from har.board.entry import Entry
from har.messages import Message
from har.stats import ALPHA, PairedTest, paired_t_test

SIZE_RATIO = 1.5  # two runs' RNNs (and their CNNs) are "the same size" within this factor of each other
MIN_RUNS = 3  # fewer distinct runs than this in a comparison: too few to compare, and the board says so


@dataclass(frozen=True)
class Setup:
    """What runs must share to be compared: the data, its split (kind, seed, test fraction), and the epochs.

    Entries published before the split seed was stored have split_seed None and data_id "": they form setups of
    their own, never pooled with newer ones."""

    source: str
    dataset: str
    synthetic: bool
    data_id: str
    split: str
    split_seed: int | None
    test_fraction: float | None
    epochs: int


def setup_of(e: Entry) -> Setup:
    return Setup(e.source, e.dataset, e.synthetic, e.data_id, e.split, e.split_seed, e.test_fraction, e.epochs)


@dataclass(frozen=True)
class Comparison:
    """CNN minus RNN final test accuracy over distinct comparable runs (one setup, sizes within SIZE_RATIO)."""

    setup: Setup
    rnn_params: tuple[int, int]  # smallest and largest RNN among the runs
    cnn_params: tuple[int, int]
    published: int  # runs published with both models
    runs: int  # distinct runs: identical ones (same data, split, settings and seed) counted once
    test: PairedTest | None  # None when runs < MIN_RUNS
    run_ids: frozenset[str]  # every published run it holds, identical ones included: what the table filters by


def paired_runs(entries: list[Entry]) -> list[tuple[Entry, Entry]]:
    """(RNN, CNN) of every run that published exactly one of each: they share split, seed and epochs."""
    by_run: dict[str, dict[str, list[Entry]]] = {}
    for e in entries:
        by_run.setdefault(e.run_id, {}).setdefault(e.family, []).append(e)
    return [(m["rnn"][0], m["cnn"][0]) for m in by_run.values() if len(m.get("rnn", ())) == len(m.get("cnn", ())) == 1]


def result_key(rnn: Entry, cnn: Entry) -> tuple:
    """Equal for two runs that trained the same models on the same clips with the same settings and seed."""
    if rnn.config_id:
        return (rnn.config_id, rnn.params, cnn.params)
    # an entry from before config_id: everything it stored about the training, its outcome included
    return tuple((e.kind, e.params, e.pooling, e.hidden, e.widths, e.seed, e.final_acc) for e in (rnn, cnn))


def _near(a: int, b: int) -> bool:
    return max(a, b) <= SIZE_RATIO * min(a, b)


def comparisons(entries: list[Entry]) -> list[Comparison]:
    """One Comparison per setup and size group, in order of first publishing."""
    anchors: dict[Setup, list[tuple[int, int]]] = {}  # each size group's first (RNN, CNN) parameter counts
    groups: dict[tuple[Setup, int], list[tuple[Entry, Entry]]] = {}
    published: dict[tuple[Setup, int], list[str]] = {}
    seen: set[tuple] = set()
    for rnn, cnn in paired_runs(entries):
        setup = setup_of(rnn)
        sizes = anchors.setdefault(setup, [])
        # a run joins the first size group whose first run has both models within SIZE_RATIO of its own
        at = next((i for i, (r, c) in enumerate(sizes) if _near(r, rnn.params) and _near(c, cnn.params)), None)
        if at is None:
            sizes.append((rnn.params, cnn.params))
            at = len(sizes) - 1
        published.setdefault((setup, at), []).append(rnn.run_id)
        key = (setup, result_key(rnn, cnn))
        if key not in seen:
            seen.add(key)
            groups.setdefault((setup, at), []).append((rnn, cnn))
    found = []
    for (setup, at), pairs in groups.items():
        test = None
        if len(pairs) >= MIN_RUNS:
            test = paired_t_test([c.final_acc for _, c in pairs], [r.final_acc for r, _ in pairs])
        ids = published[(setup, at)]
        rnn_sizes, cnn_sizes = [r.params for r, _ in pairs], [c.params for _, c in pairs]
        found.append(
            Comparison(
                setup, (min(rnn_sizes), max(rnn_sizes)), (min(cnn_sizes), max(cnn_sizes)), len(ids), len(pairs), test,
                frozenset(ids),
            )
        )  # fmt: skip
    return found


def setup_label(c: Comparison) -> Message:
    """ "Demo, random split (seed 0, 20% test), 10 epochs, RNN 8.2 k and CNN 5.2 k parameters": what the runs
    of a comparison share, as a heading and a table filter."""
    s = c.setup
    sizes = dict(rnn=size_range(*c.rnn_params), cnn=size_range(*c.cnn_params), epochs=s.epochs, split=s.split)
    if s.split_seed is None:
        return Message("board.setup.unknown_seed", dataset=s.dataset, **sizes)
    return Message("board.setup", dataset=s.dataset, split_seed=s.split_seed, fraction=s.test_fraction, **sizes)


def size_range(low: int, high: int) -> Message:
    return _size(low) if low == high else Message("board.size.range", low=_size(low), high=_size(high))


def _size(n: float) -> Message:
    if n >= 1e6:
        return Message("board.size.millions", n=float(f"{n / 1e6:.3g}"))
    return Message("board.size.thousands", n=float(f"{n / 1e3:.3g}")) if n >= 1e3 else Message("board.size.units", n=n)


def sentences(entries: list[Entry]) -> list[Message]:
    """One sentence per comparison (or one saying there is none)."""
    found = comparisons(entries)
    if not found:
        return [Message("board.summary.none")]
    return [_sentence(c) for c in found]


def _sentence(c: Comparison) -> Message:
    common = dict(setup=setup_label(c), runs=c.runs, published=c.published)
    t = c.test
    if t is None:
        return Message("board.summary.too_few", need=MIN_RUNS, **common)
    points = 100 * t.mean_diff
    if round(points, 1) == 0:
        return Message("board.summary.level", **common)
    leader, other = ("CNN", "RNN") if points > 0 else ("RNN", "CNN")
    if t.no_spread:
        return Message("board.summary.no_spread", leader=leader, other=other, points=abs(points), **common)
    sign = 1 if points > 0 else -1  # the interval of the leader's lead, in points
    low, high = sorted((sign * 100 * t.low, sign * 100 * t.high))
    return Message(
        "board.summary.gap_yes" if t.p < ALPHA else "board.summary.gap_no",
        leader=leader,
        other=other,
        points=abs(points),
        low=low,
        high=high,
        p=_p(t.p),
        **common,
    )


def _p(p: float) -> Message:
    return Message("board.p_below", limit=0.001) if p < 0.001 else Message("board.p", p=p)
