"""The statistics the lab argues with: intervals over seeds, a paired t-test and McNemar's test, in pure
Python and NumPy."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

LEVEL = 0.95  # confidence level of every interval the lab shows
ALPHA = 0.05  # a difference counts as larger than chance when p < ALPHA
SAME_DIFF = 1e-12  # differences closer than this (relative) count as identical: float rounding, not spread
EXACT_BELOW = 25  # McNemar: exact binomial test when fewer discordant pairs than this


# --- distributions -------------------------------------------------------------------------


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.

    Evaluated with the continued fraction of Numerical Recipes (2nd ed., section 6.4); the t
    distribution is built on it.
    """
    if not (a > 0 and b > 0):
        raise ValueError(f"betainc needs a > 0 and b > 0, got a={a}, b={b}")
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"betainc needs 0 <= x <= 1, got {x}")
    if x == 0.0 or x == 1.0:
        return x
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    # The continued fraction converges fast only on the near side of the mean; use the symmetry
    # I_x(a, b) = 1 - I_{1-x}(b, a) on the far side.
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def _beta_fraction(a: float, b: float, x: float, eps: float = 1e-15, max_terms: int = 500) -> float:
    """The continued fraction for I_x(a, b), by the modified Lentz method."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, max_terms + 1):
        for aa in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),  # even step
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),  # odd step
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            return h
    raise ArithmeticError(f"the incomplete beta fraction did not converge for a={a}, b={b}, x={x}")


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))  # P(T > |t|)
    return 1.0 - tail if t > 0 else tail


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|): the two-sided p-value of a t statistic."""
    if math.isinf(t):
        return 0.0
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def t_ppf(q: float, df: float) -> float:
    """The q-quantile of Student's t (inverse of `t_cdf`), by bisection to machine precision."""
    if not 0.0 < q < 1.0:
        raise ValueError(f"a quantile needs 0 < q < 1, got {q}")
    if q < 0.5:
        return -t_ppf(1.0 - q, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < q:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < q:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


def chi2_1_sf(x: float) -> float:
    """P(X >= x) for a chi-square with one degree of freedom (the square of a standard normal)."""
    return math.erfc(math.sqrt(max(x, 0.0) / 2.0))


def binom_two_sided_p(k: int, n: int) -> float:
    """Exact two-sided p of seeing k or fewer (or as extreme above) of n fair coin flips."""
    if n == 0:
        return 1.0
    k = min(k, n - k)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2.0**n
    return min(1.0, 2.0 * tail)


# --- intervals and bands -------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A mean over n runs with its sample standard deviation and a t-interval (NaN when n < 2)."""

    mean: float
    std: float
    low: float
    high: float
    n: int
    level: float = LEVEL

    def as_dict(self) -> dict:
        return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}


def interval(values, level: float = LEVEL, bounds: tuple[float, float] | None = None) -> Interval:
    """Mean, standard deviation (ddof=1) and the `level` t-interval of the mean.

    `bounds` clips the interval to the range the quantity can take (an accuracy lies in [0, 1]).
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    n = len(v)
    if n == 0:
        raise ValueError("an interval needs at least one value")
    mean = float(v.mean())
    if n < 2:
        return Interval(mean, math.nan, math.nan, math.nan, n, level)
    std = float(v.std(ddof=1))
    half = t_ppf(0.5 + level / 2.0, n - 1) * std / math.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return Interval(mean, std, low, high, n, level)


@dataclass(frozen=True)
class Band:
    """Per-epoch mean of k curves with its std and t-interval: what a plot draws as a band."""

    mean: list[float]
    std: list[float]
    low: list[float]
    high: list[float]
    n: int
    level: float = LEVEL

    def as_dict(self) -> dict:
        def clean(xs):
            return [None if math.isnan(x) else x for x in xs]

        return {
            "mean": self.mean,
            "std": clean(self.std),
            "low": clean(self.low),
            "high": clean(self.high),
            "n": self.n,
            "level": self.level,
        }


def band(curves, level: float = LEVEL, bounds: tuple[float, float] | None = None) -> Band:
    """Aggregate curves shaped (k runs, E epochs) column by column (`bounds` as in `interval`)."""
    a = np.asarray(curves, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] == 0:
        raise ValueError(f"curves must be shaped (runs, epochs) with at least one run, got {a.shape}")
    cols = [interval(a[:, e], level, bounds) for e in range(a.shape[1])]
    return Band(
        [c.mean for c in cols], [c.std for c in cols], [c.low for c in cols], [c.high for c in cols], a.shape[0], level
    )


# --- tests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairedTest:
    """Paired t-test of a - b over runs that share everything but the model (e.g. a seed)."""

    n: int
    mean_diff: float  # mean of a - b
    std_diff: float  # sample std of a - b (NaN when n < 2)
    t: float
    df: int
    p: float  # two-sided; NaN when n < 2 or when every difference is the same (no spread, no test)
    low: float  # `level` t-interval of the mean difference (NaN where p is)
    high: float
    level: float = LEVEL

    @property
    def no_spread(self) -> bool:
        """Two or more runs that all gave the same difference: nothing varies, so no test is possible."""
        return self.n >= 2 and self.std_diff == 0.0

    def as_dict(self) -> dict:
        d = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(self).items()}
        return d | {"no_spread": self.no_spread}


def paired_t_test(a, b, level: float = LEVEL, bounds: tuple[float, float] | None = None) -> PairedTest:
    """t = mean(d) / (sd(d) / sqrt(n)) with d = a - b and n - 1 degrees of freedom.

    `bounds` clips the interval of the mean difference to the values it can take.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1 or len(a) == 0:
        raise ValueError(f"a paired test needs two equally long, non-empty lists, got {a.shape} and {b.shape}")
    d = a - b
    n, mean = len(d), float(d.mean())
    if n < 2:
        return PairedTest(n, mean, math.nan, math.nan, 0, math.nan, math.nan, math.nan, level)
    sd = float(d.std(ddof=1))
    if sd <= SAME_DIFF * max(1.0, abs(mean)):  # every run gave the same difference (up to rounding)
        # A t statistic divides by the spread: with none there is no test, however many runs agree
        # (identical runs say nothing about the seed-to-seed spread).
        return PairedTest(n, mean, 0.0, math.nan, n - 1, math.nan, math.nan, math.nan, level)
    se = sd / math.sqrt(n)
    t = mean / se
    half = t_ppf(0.5 + level / 2.0, n - 1) * se
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return PairedTest(n, mean, sd, t, n - 1, t_two_sided_p(t, n - 1), low, high, level)


@dataclass(frozen=True)
class McNemar:
    """McNemar's test on paired predictions of the same test clips by models a and b."""

    n: int  # clips compared
    both_right: int
    a_only: int  # b in the usual notation: a right, b wrong
    b_only: int  # c: a wrong, b right
    both_wrong: int
    method: str  # "exact" (binomial) or "chi2" (with continuity correction)
    statistic: float  # chi-square value, or the smaller discordant count for the exact test
    p: float

    def as_dict(self) -> dict:
        return asdict(self)


def mcnemar(y_true, pred_a, pred_b) -> McNemar:
    """On the clips where exactly one of a and b is right, is that one a (or b) more often than chance allows?

    Only the discordant clips count: 30 "only a right" against 30 "only b right" gives p = 1, however many clips
    that is. Under the null each is equally likely to favour a or b, so their split is Binomial(b + c, 1/2):
    exact below `EXACT_BELOW` discordant clips, else the chi-square approximation (|b - c| - 1)^2 / (b + c)
    with one degree of freedom.
    """
    y, pa, pb = (np.asarray(v, dtype=np.int64) for v in (y_true, pred_a, pred_b))
    if not (y.shape == pa.shape == pb.shape) or y.ndim != 1:
        raise ValueError(
            f"labels and both predictions must be equally long lists, got {y.shape}, {pa.shape}, {pb.shape}"
        )
    ra, rb = pa == y, pb == y
    b, c = int(np.sum(ra & ~rb)), int(np.sum(~ra & rb))
    counts = dict(n=len(y), both_right=int(np.sum(ra & rb)), a_only=b, b_only=c, both_wrong=int(np.sum(~ra & ~rb)))
    return mcnemar_counts(b, c, **counts)


def mcnemar_counts(b: int, c: int, **counts) -> McNemar:
    """McNemar's test from the two discordant counts alone."""
    counts = {"n": b + c, "both_right": 0, "both_wrong": 0, **counts, "a_only": b, "b_only": c}
    if b + c < EXACT_BELOW:
        return McNemar(**counts, method="exact", statistic=float(min(b, c)), p=binom_two_sided_p(min(b, c), b + c))
    chi2 = max(abs(b - c) - 1, 0) ** 2 / (b + c)  # the correction never pushes |b - c| below 0
    return McNemar(**counts, method="chi2", statistic=chi2, p=chi2_1_sf(chi2))
