"""The board's chart: test accuracy against parameters for one data set, RNN and CNN by colour, pooling by
marker, and the course notebook's own UCF11 results as reference stars."""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from har.board.entry import Entry
from har.i18n import translator
from har.plots import _layout, escape_label, model_label, palette

SYMBOLS = {"mean": "circle", "last": "square", "max": "diamond", "": "x"}  # "" : the notebook CNN, no pooling
POOLING_KEYS = {
    "mean": "board.plot.pooling.mean",
    "last": "board.plot.pooling.last",
    "max": "board.plot.pooling.max",
    "": "board.plot.pooling.none",
}


@dataclass(frozen=True)
class Reference:
    """One of the course notebook's models with its test accuracy on the real UCF11 features."""

    label: str
    family: str
    params: int
    accuracy: float
    label_at: str  # where its label sits, so that neighbouring labels do not overlap


NOTEBOOK = (
    Reference("RNN", "rnn", 891_147, 0.603, "top left"),
    Reference("CNN", "cnn", 5_185, 0.438, "top right"),
    Reference("CNN2", "cnn", 660_289, 0.544, "bottom left"),  # close to the RNN on a log axis: label below
)


@dataclass(frozen=True)
class DataKey:
    """What a chart holds runs of: one data set. Real UCF11 and the synthetic demo never share a chart."""

    source: str  # "ucf11", "demo", "own"
    dataset: str
    synthetic: bool


def by_data(entries: list[Entry]) -> dict[DataKey, list[Entry]]:
    """The entries split by data set, real UCF11 first, then the others in order of appearance."""
    groups: dict[DataKey, list[Entry]] = {}
    for e in entries:
        groups.setdefault(DataKey(e.source, e.dataset, e.synthetic), []).append(e)
    return dict(sorted(groups.items(), key=lambda kv: kv[0].source != "ucf11"))


def accuracy_chart(key: DataKey, entries: list[Entry], lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Final test accuracy against parameters (log axis) of the entries of one data set."""
    tr, colors = translator(lang), palette(dark)
    fig = go.Figure()
    for family in ("rnn", "cnn"):
        for pooling, symbol in SYMBOLS.items():
            points = [e for e in entries if e.family == family and e.pooling == pooling]
            if not points:
                continue
            how = tr(POOLING_KEYS[pooling or ""])
            fig.add_trace(
                go.Scatter(
                    x=[e.params for e in points],
                    y=[e.final_acc for e in points],
                    mode="markers",
                    name=f"{model_label(family)} · {how}",
                    marker={"color": colors.model(family), "symbol": symbol, "size": 13, "line": {"width": 1}},
                    hovertext=[_hover(e, tr) for e in points],
                    hoverinfo="text",
                )
            )
    _add_notebook(fig, real=key.source == "ucf11" and not key.synthetic, tr=tr, dark=dark)
    sizes = [e.params for e in entries] + [r.params for r in NOTEBOOK]
    span = [math.log10(min(sizes)) - 0.3, math.log10(max(sizes)) + 0.3]  # room for the stars' labels
    fig.update_xaxes(type="log", range=span, title=tr("board.plot.params"))
    fig.update_yaxes(title=tr("board.plot.accuracy"), tickformat=".0%", range=[0, 1.05])
    return _layout(fig, _title(key, tr), height=480, legend="right", dark=dark)


def _title(key: DataKey, tr) -> str:
    """The data set's name, and whether it is real or synthetic unless the name already says so."""
    if key.synthetic and "synthetic" in key.dataset.casefold():
        return escape_label(key.dataset)
    kind = tr("board.plot.synthetic") if key.synthetic else tr("board.plot.real")
    return tr("board.plot.title", dataset=escape_label(key.dataset), kind=kind)


def _hover(e: Entry, tr) -> str:
    return tr(
        "board.plot.hover",
        name=escape_label(e.name),
        model=model_label(e.family),
        params=e.params,
        acc=e.final_acc,
        best=e.best_acc,
        epochs=e.epochs,
        split=escape_label(e.split),
        seed=e.seed,
    )


def _add_notebook(fig: go.Figure, *, real: bool, tr, dark: bool = False) -> None:
    """The notebook's results as stars; on any chart but real UCF11 they are hollow and say they are not this data."""
    fig.add_trace(
        go.Scatter(
            x=[r.params for r in NOTEBOOK],
            y=[r.accuracy for r in NOTEBOOK],
            mode="markers+text",
            name=tr("board.plot.notebook" if real else "board.plot.notebook_elsewhere"),
            text=[f"{r.label} {r.accuracy:.1%}" for r in NOTEBOOK],
            textposition=[r.label_at for r in NOTEBOOK],
            textfont={"color": palette(dark).text if real else "#888888"},
            marker={
                "color": [palette(dark).model(r.family) for r in NOTEBOOK],
                "symbol": "star" if real else "star-open",
                "size": 18,
                "line": {"width": 1, "color": palette(dark).text},
            },
            hoverinfo="text",
            hovertext=[
                tr("board.plot.notebook_hover", model=r.label, params=r.params, acc=r.accuracy) for r in NOTEBOOK
            ],
        )
    )
