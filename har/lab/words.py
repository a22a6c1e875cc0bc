"""The words every generated sentence of the lab shares: number formats (the same in both languages), model
names, and what McNemar's test says about one run."""

from __future__ import annotations

import math

from har import stats
from har.i18n import t

MODEL_KEYS = {"rnn": "lab.model.rnn", "cnn": "lab.model.cnn"}


def pct(x: float) -> str:
    """An accuracy fraction as a percentage with one decimal: 0.8125 -> '81.2%'."""
    return f"{100 * x:.1f}%"


def points(x: float) -> str:
    """A difference of fractions in percentage points with its sign: 0.031 -> '+3.1'."""
    value = round(100 * x, 1)
    return f"{value if value != 0 else 0.0:+.1f}"  # never "-0.0"


def pvalue(p: float | None) -> str:
    """'p = 0.038', or 'p < 0.001' for tiny values (more digits would suggest false precision)."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p = n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def model_name(name: str, lang: str) -> str:
    """'the RNN' / 'la RNN'; any other model name is shown as it is."""
    return t(MODEL_KEYS[name], lang) if name in MODEL_KEYS else name


def cap(text: str) -> str:
    """The first letter upper-cased, the rest untouched ('la RNN' -> 'La RNN')."""
    return text[:1].upper() + text[1:]


def count(n: int, lang: str) -> str:
    """A whole number with thousands grouped: '891,147' in English, '891 147' in Spanish (RAE)."""
    return f"{int(n):,}".replace(",", "\u00a0" if lang == "es" else ",")


def mcnemar_sentence(m: stats.McNemar, lang: str, *, seed: int | None = None) -> str:
    """What McNemar's test of the RNN against the CNN says about one run: on its own, or seed `seed` of a study."""
    verdict = "differ" if m.p < stats.ALPHA else "same"
    if seed is None:
        return t(f"lab.discuss.mcnemar.{verdict}", lang, n=m.n, p=pvalue(m.p))
    method = t(f"lab.mcnemar.method.{m.method}", lang)
    return t(f"lab.mcnemar.{verdict}", lang, seed=seed, b=m.a_only, c=m.b_only, p=pvalue(m.p), method=method)
