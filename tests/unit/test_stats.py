"""The lab's statistics against closed forms, printed tables and examples worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from har import stats


@pytest.mark.parametrize("a", [0.5, 1.0, 2.5, 7.0, 40.0])
def test_incomplete_beta_is_one_half_at_the_centre_of_a_symmetric_beta(a):
    assert stats.betainc(a, a, 0.5) == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize("x", [0.01, 0.2, 0.5, 0.77, 0.99])
def test_incomplete_beta_matches_its_closed_forms(x):
    assert stats.betainc(1.0, 1.0, x) == pytest.approx(x, rel=1e-12)  # uniform
    assert stats.betainc(3.0, 1.0, x) == pytest.approx(x**3, rel=1e-12)
    assert stats.betainc(1.0, 4.0, x) == pytest.approx(1 - (1 - x) ** 4, rel=1e-12)
    # I_x(1/2, 1/2) is the arcsine law.
    assert stats.betainc(0.5, 0.5, x) == pytest.approx(2 / math.pi * math.asin(math.sqrt(x)), rel=1e-10)
    # Symmetry I_x(a, b) = 1 - I_{1-x}(b, a), on both sides of the switch point.
    assert stats.betainc(2.0, 5.0, x) == pytest.approx(1 - stats.betainc(5.0, 2.0, 1 - x), abs=1e-12)


def test_incomplete_beta_rejects_bad_arguments():
    with pytest.raises(ValueError):
        stats.betainc(0.0, 1.0, 0.5)
    with pytest.raises(ValueError):
        stats.betainc(1.0, 1.0, 1.5)
    assert stats.betainc(2.0, 3.0, 0.0) == 0.0 and stats.betainc(2.0, 3.0, 1.0) == 1.0


@pytest.mark.parametrize("t", [-30.0, -2.0, -0.3, 0.0, 0.7, 4.0, 50.0])
def test_t_cdf_matches_the_closed_forms_for_one_and_two_degrees_of_freedom(t):
    assert stats.t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-12)  # Cauchy
    assert stats.t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), abs=1e-12)


# Two-sided 5% and 1% critical values from the printed t table.
T_TABLE = {
    1: (12.706, 63.657),
    2: (4.303, 9.925),
    3: (3.182, 5.841),
    4: (2.776, 4.604),
    9: (2.262, 3.250),
    30: (2.042, 2.750),
}


@pytest.mark.parametrize("df", sorted(T_TABLE))
def test_t_quantiles_and_p_values_match_the_t_table(df):
    t05, t01 = T_TABLE[df]
    assert stats.t_ppf(0.975, df) == pytest.approx(t05, abs=1.5e-3)
    assert stats.t_ppf(0.995, df) == pytest.approx(t01, abs=1.5e-3)
    assert stats.t_ppf(0.025, df) == pytest.approx(-t05, abs=1.5e-3)
    assert stats.t_two_sided_p(t05, df) == pytest.approx(0.05, abs=2e-4)
    assert stats.t_two_sided_p(-t01, df) == pytest.approx(0.01, abs=1e-4)


def test_t_distribution_agrees_with_scipy_where_it_is_installed():
    sp = pytest.importorskip("scipy.stats")
    for df in (1, 3, 7.5, 29, 200):
        for t in (-5.0, -1.1, 0.2, 2.5, 8.0):
            assert stats.t_cdf(t, df) == pytest.approx(sp.t.cdf(t, df), abs=1e-12)
        assert stats.t_ppf(0.975, df) == pytest.approx(sp.t.ppf(0.975, df), rel=1e-9)


def test_chi_square_one_df_survival_at_its_known_critical_values():
    assert stats.chi2_1_sf(3.841459) == pytest.approx(0.05, abs=1e-6)
    assert stats.chi2_1_sf(6.634897) == pytest.approx(0.01, abs=1e-6)
    assert stats.chi2_1_sf(0.0) == 1.0


def test_mcnemar_exact_worked_by_hand():
    # b = 10, c = 2: p = 2 * (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 * 79 / 4096
    m = stats.mcnemar_counts(10, 2)
    assert m.method == "exact"
    assert m.p == pytest.approx(2 * 79 / 4096, rel=1e-12)
    assert round(m.p, 4) == 0.0386
    assert stats.mcnemar_counts(2, 10).p == m.p  # symmetric in the two models
    assert stats.mcnemar_counts(0, 0).p == 1.0
    assert stats.mcnemar_counts(6, 6).p == 1.0  # capped, never above 1


def test_mcnemar_chi_square_with_continuity_correction_worked_by_hand():
    b, c = 30, 12
    m = stats.mcnemar_counts(b, c)
    assert m.method == "chi2"
    assert m.statistic == pytest.approx((abs(b - c) - 1) ** 2 / (b + c))  # 289 / 42
    assert m.p == pytest.approx(math.erfc(math.sqrt(289 / 42 / 2)), rel=1e-12)
    assert 0.005 < m.p < 0.01  # 6.88 lies between the 1% (6.63) and 0.5% (7.88) critical values


def test_mcnemar_counts_the_discordant_clips_from_predictions():
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1])
    a = np.array([0, 1, 2, 0, 1, 0, 1, 1])  # right on clips 0-4 and 7
    b = np.array([0, 2, 2, 1, 1, 2, 1, 0])  # right on clips 0, 2, 4, 5
    m = stats.mcnemar(y, a, b)
    assert (m.both_right, m.a_only, m.b_only, m.both_wrong) == (3, 3, 1, 1)
    assert m.n == 8 and m.p == pytest.approx(2 * (1 + 4) / 16)
    with pytest.raises(ValueError):
        stats.mcnemar(y, a, b[:-1])


def test_paired_t_test_on_a_small_hand_example():
    a = [0.80, 0.82, 0.78, 0.85]
    b = [0.75, 0.80, 0.74, 0.79]
    # d = (0.05, 0.02, 0.04, 0.06): mean 0.0425, sum of squared deviations 8.75e-4
    sd = math.sqrt(8.75e-4 / 3)
    t = 0.0425 / (sd / 2)
    r = stats.paired_t_test(a, b)
    assert (r.n, r.df) == (4, 3)
    assert r.mean_diff == pytest.approx(0.0425)
    assert r.std_diff == pytest.approx(sd)
    assert r.t == pytest.approx(t) and r.t == pytest.approx(4.977, abs=1e-3)
    assert 0.01 < r.p < 0.05  # t lies between the table's 3.182 (5%) and 5.841 (1%) for 3 df
    assert r.low == pytest.approx(0.0425 - 3.1824 * sd / 2, abs=1e-4)
    assert stats.paired_t_test(b, a).t == pytest.approx(-t)


def test_paired_t_test_degenerate_cases():
    # No spread in the differences: no test is possible, however large or small the gap (never p = 0).
    same = stats.paired_t_test([0.5, 0.6, 0.7], [0.5, 0.6, 0.7])
    assert same.no_spread and math.isnan(same.p) and math.isnan(same.t)
    shifted = stats.paired_t_test([0.6, 0.7, 0.8], [0.5, 0.6, 0.7])  # 0.1 each, up to float rounding
    assert shifted.no_spread and math.isnan(shifted.p) and shifted.mean_diff == pytest.approx(0.1)
    assert shifted.as_dict()["p"] is None and shifted.as_dict()["low"] is None
    assert not stats.paired_t_test([0.6, 0.7], [0.5, 0.65]).no_spread
    one = stats.paired_t_test([0.6], [0.5])
    assert math.isnan(one.p) and one.as_dict()["p"] is None
    with pytest.raises(ValueError):
        stats.paired_t_test([0.1, 0.2], [0.1])


def test_interval_and_band_against_the_formula():
    values = [0.61, 0.65, 0.58, 0.70, 0.66]
    iv = stats.interval(values)
    sd = float(np.std(values, ddof=1))
    assert iv.mean == pytest.approx(np.mean(values))
    assert iv.std == pytest.approx(sd)
    assert iv.high - iv.mean == pytest.approx(2.776 * sd / math.sqrt(5), abs=1e-3)  # t(0.975, 4) = 2.776
    assert iv.mean - iv.low == pytest.approx(iv.high - iv.mean)

    curves = np.array([[0.1, 0.5, 0.6], [0.2, 0.4, 0.7], [0.3, 0.6, 0.8]])
    b = stats.band(curves)
    assert b.n == 3
    assert b.mean == pytest.approx(curves.mean(axis=0).tolist())
    assert b.std == pytest.approx(curves.std(axis=0, ddof=1).tolist())
    for e in range(3):
        col = stats.interval(curves[:, e])
        assert (b.low[e], b.high[e]) == pytest.approx((col.low, col.high))
        assert b.low[e] < b.mean[e] < b.high[e]


def test_one_run_gives_no_interval_rather_than_a_false_zero_width_one():
    iv = stats.interval([0.7])
    assert iv.mean == 0.7 and math.isnan(iv.low) and iv.as_dict()["low"] is None
    b = stats.band([[0.1, 0.2]])
    assert b.mean == [0.1, 0.2] and b.as_dict()["high"] == [None, None]
