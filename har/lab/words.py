"""The pieces every generated sentence and table of the lab shares, as Messages: numbers (formatted by the
catalog's template, for the reader's locale), model names, p-values, and what McNemar's test says about one run."""

from __future__ import annotations

import math

from har import stats
from har.messages import Message

MODEL = {"rnn": "lab.model.rnn", "cnn": "lab.model.cnn"}  # "the RNN", inside a sentence
MODEL_START = {"rnn": "lab.model.rnn.start", "cnn": "lab.model.cnn.start"}  # "The RNN", opening one
METHOD = {"exact": "lab.mcnemar.method.exact", "chi2": "lab.mcnemar.method.chi2"}


def points(x: float) -> float:
    """A difference of fractions in percentage points, rounded as shown: 0.031 -> 3.1 (never -0.0)."""
    return round(100 * x, 1) + 0.0


def model(name: str) -> Message | str:
    """'the RNN' / 'la RNN'; any other model name is shown as it is."""
    return Message(MODEL[name]) if name in MODEL else name


def model_start(name: str) -> Message | str:
    """'The RNN' / 'La RNN', to open a sentence; any other name with its first letter upper-cased."""
    return Message(MODEL_START[name]) if name in MODEL_START else name[:1].upper() + name[1:]


def pct(x: float) -> Message:
    """A table cell: an accuracy as a percentage with one decimal (81.2%)."""
    return Message("lab.num.pct", x=x)


def signed(x: float) -> Message:
    """A table cell: a difference of fractions in points with its sign (+3.1)."""
    return Message("lab.num.points", x=points(x))


def count(n: int) -> Message:
    """A table cell: a whole number with its thousands grouped."""
    return Message("lab.num.count", n=int(n))


def pvalue(p: float | None) -> Message:
    """'p = 0.038', or 'p < 0.001' for tiny values (more digits would suggest false precision)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return Message("lab.p.none")
    return Message("lab.p.small") if p < 0.001 else Message("lab.p.value", p=p)


def both(items: list) -> Message | str:
    """Items joined as 'a and b and c', in the reader's language."""
    if len(items) == 1:
        return items[0]
    return Message("lab.list.and", a=items[0], b=both(items[1:]))


def mcnemar_sentence(m: stats.McNemar, *, seed: int | None = None) -> Message:
    """What McNemar's test of the RNN against the CNN says about one run (on its own, or seed `seed` of a study):
    whether the clips where exactly one model is right split unevenly between them, not how often they err."""
    differ = m.p < stats.ALPHA
    p = pvalue(m.p)
    if seed is None:
        key = "lab.discuss.mcnemar.differ" if differ else "lab.discuss.mcnemar.same"
        return Message(key, n=m.n, d=m.a_only + m.b_only, b=m.a_only, c=m.b_only, p=p)
    key = "lab.mcnemar.differ" if differ else "lab.mcnemar.same"
    return Message(key, seed=seed, b=m.a_only, c=m.b_only, p=p, method=Message(METHOD[m.method]))
