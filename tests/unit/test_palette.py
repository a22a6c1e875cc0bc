"""The charts' colours stay colour-blind safe, on a light page, on a dark one and on the projector (which only
enlarges a figure): simulated for the three full colour-vision deficiencies (Machado, Oliveira and Fernandes
2009, severity 1), the RNN's and the CNN's colours stay far apart, each stands out from the page's background
at the 3:1 contrast WCAG asks of graphics, and overlaid runs stay distinguishable."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from har import plots
from har.plots import DARK, LIGHT

# Linear-RGB simulation matrices, severity 1.0 (Machado et al. 2009, table of the paper's supplement).
DEFICIENCIES = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
    "typical": np.eye(3).tolist(),
}
MODELS_APART = 40.0  # CIE76 distance between the two models' colours: far beyond "clearly different" (about 10)
RUNS_APART = 15.0  # between any two overlaid runs' colours
GRAPHICS_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: a line against its background
PALETTES = {"light": LIGHT, "dark": DARK}


def linear(colour: str) -> np.ndarray:
    hex_ = {"white": "#FFFFFF"}.get(colour, colour).lstrip("#")
    c = np.array([int(hex_[i : i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def seen(colour: str, deficiency: str) -> np.ndarray:
    return np.clip(np.array(DEFICIENCIES[deficiency]) @ linear(colour), 0, 1)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb_linear
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])  # D65 white
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, deficiency: str) -> float:
    return float(np.linalg.norm(lab(seen(a, deficiency)) - lab(seen(b, deficiency))))


def contrast(a: str, b: str, deficiency: str) -> float:
    lum = [float(np.dot([0.2126, 0.7152, 0.0722], seen(c, deficiency))) for c in (a, b)]
    return (max(lum) + 0.05) / (min(lum) + 0.05)


def test_the_simulation_is_the_published_one():
    # every matrix keeps white white (rows sum to 1), and a deficiency really merges colours a typical eye parts:
    # the red and green of a traffic light come closer for protanopia and deuteranopia, blue and green for
    # tritanopia
    for matrix in DEFICIENCIES.values():
        assert np.allclose(np.sum(matrix, axis=1), 1.0, atol=1e-3)
    assert distance("#FF0000", "#00FF00", "deuteranopia") < 0.5 * distance("#FF0000", "#00FF00", "typical")
    assert distance("#FF0000", "#00FF00", "protanopia") < 0.5 * distance("#FF0000", "#00FF00", "typical")
    assert distance("#0000FF", "#00FF00", "tritanopia") < distance("#0000FF", "#00FF00", "typical")


@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
@pytest.mark.parametrize("page", list(PALETTES))
def test_the_two_models_stay_apart_and_stand_out_from_the_page(page, deficiency):
    p = PALETTES[page]
    assert distance(p.models["rnn"], p.models["cnn"], deficiency) >= MODELS_APART
    for name in ("rnn", "cnn"):
        assert contrast(p.models[name], p.background, deficiency) >= GRAPHICS_CONTRAST, name


@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
@pytest.mark.parametrize("page", list(PALETTES))
def test_overlaid_runs_stay_distinguishable(page, deficiency):
    p = PALETTES[page]
    assert len(set(p.runs)) == len(p.runs)
    for a, b in itertools.combinations(p.runs, 2):
        assert distance(a, b, deficiency) >= RUNS_APART, (a, b)


@pytest.mark.parametrize("dark", [False, True])
def test_the_charts_draw_the_models_in_the_palettes_colours(tiny_record, dark):
    """The palette is what the figures use (the projector draws the same figures, enlarged)."""
    from dashboard.projector import enlarge

    fig = plots.training_curves(tiny_record, "en", dark=dark)
    colours = {t.line.color for t in fig.data if t.line is not None and t.line.color}
    assert colours and colours <= set(plots.palette(dark).models.values())
    assert {t.line.color for t in enlarge(fig).data if t.line.color} == colours
