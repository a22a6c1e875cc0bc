"""Plotly figures for the lab's results, in the dashboard's style (har/plots.py colours and layout)."""

from __future__ import annotations

import plotly.graph_objects as go

from har.i18n import t
from har.lab.leakage import LeakageResult
from har.lab.order import CONDITIONS, OrderResult
from har.lab.pooling import PoolingResult
from har.lab.seeds import SeedsResult
from har.lab.sweep import SweepResult
from har.plots import _layout, model_label, palette

BAND_ALPHA = "33"  # hex opacity appended to a model's colour for its band


def seeds_curves(result: SeedsResult, metric: str = "test_acc", lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Mean curve over seeds with its 95% band (no band with a single seed)."""
    fig = go.Figure()
    for name, curves in result.curves.items():
        b = curves[metric]
        epochs = list(range(1, len(b.mean) + 1))
        color = palette(dark).model(name) or "#888888"
        if b.n >= 2:
            fig.add_trace(
                go.Scatter(
                    x=epochs + epochs[::-1],
                    y=b.high + b.low[::-1],
                    fill="toself",
                    mode="lines",
                    line={"width": 0},
                    fillcolor=color + BAND_ALPHA,
                    hoverinfo="skip",
                    name=t("lab.fig.band", lang, model=model_label(name)),
                    legendgroup=name,
                )
            )
        fig.add_trace(
            go.Scatter(
                x=epochs,
                y=b.mean,
                mode="lines+markers",
                line={"color": color, "width": 3},
                name=t("lab.fig.mean", lang, model=model_label(name), n=b.n),
                legendgroup=name,
            )
        )
    fig.update_xaxes(title=t("lab.fig.epoch", lang), dtick=1)
    if metric.endswith("acc"):
        fig.update_yaxes(title=t("lab.fig.accuracy", lang), tickformat=".0%")
    else:
        fig.update_yaxes(title=t("lab.fig.loss", lang))
    return _layout(fig, t(f"lab.fig.seeds.{metric}", lang), dark=dark)


def sweep_scatter(result: SweepResult, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Final test accuracy against parameter count (log scale), one line per family."""
    fig = go.Figure()
    for name in ("rnn", "cnn"):
        s = result.series(name)
        fig.add_trace(
            go.Scatter(
                x=s["params"],
                y=s["final_acc"],
                mode="lines+markers",
                name=model_label(name),
                line={"color": palette(dark).model(name), "width": 3},
                marker={"size": 10},
                text=[str(k) for k in s["knob"]],
                hovertemplate="%{x:,} params · %{y:.1%} · size %{text}<extra></extra>",
            )
        )
    fig.update_xaxes(title=t("lab.fig.params", lang), type="log")
    fig.update_yaxes(title=t("lab.fig.final_acc", lang), tickformat=".0%")
    return _layout(fig, t("lab.fig.sweep", lang), dark=dark)


def pooling_bars(result: PoolingResult, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Grouped bars: final test accuracy per pooling, one colour per model."""
    grid = result.grid()
    acc = {name: [v[name] for v in grid.values()] for name in ("rnn", "cnn")}
    fig = _accuracy_bars(list(grid), acc, t("lab.fig.final_acc", lang), t("lab.fig.pooling_title", lang), dark)
    return fig.update_xaxes(title=t("lab.fig.pooling", lang))


def order_bars(result: OrderResult, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Accuracy of each model on original, shuffled and reversed clips."""
    labels = [t(f"lab.col.{c}", lang) for c in CONDITIONS]
    acc = {name: [by[c] for c in CONDITIONS] for name, by in result.acc.items()}
    return _accuracy_bars(labels, acc, t("lab.fig.accuracy", lang), t("lab.fig.order", lang), dark)


def order_class_drop(
    result: OrderResult, condition: str = "shuffled", lang: str = "en", *, dark: bool = False
) -> go.Figure:
    """Per-class accuracy lost when the frames are altered (bars to the right are losses)."""
    fig = go.Figure(
        [
            go.Bar(
                y=result.class_names,
                x=[d if d is not None else 0.0 for d in result.class_drop(name, condition)],
                orientation="h",
                name=model_label(name),
                marker_color=palette(dark).model(name),
            )
            for name in result.acc
        ]
    )
    fig.update_xaxes(title=t("lab.fig.drop", lang), tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    title = t(f"lab.fig.class_drop.{condition}", lang)
    return _layout(fig.update_layout(barmode="group"), title, height=520, dark=dark)


def leakage_bars(result: LeakageResult, lang: str = "en", *, dark: bool = False) -> go.Figure:
    grid = result.grid()
    labels = [t(f"lab.fig.split.{kind}", lang) for kind in grid]
    acc = {name: [v[name] for v in grid.values()] for name in ("rnn", "cnn")}
    return _accuracy_bars(labels, acc, t("lab.fig.final_acc", lang), t("lab.fig.leakage", lang), dark)


def _accuracy_bars(x: list[str], acc: dict[str, list[float]], y_title: str, title: str, dark: bool) -> go.Figure:
    """Grouped bars, one colour per model, each labelled with its accuracy; `acc` is model -> one value per x."""
    fig = go.Figure(
        [
            go.Bar(
                x=x,
                y=values,
                name=model_label(name),
                marker_color=palette(dark).model(name),
                text=[f"{v:.1%}" for v in values],
                textposition="outside",
            )
            for name, values in acc.items()
        ]
    )
    fig.update_yaxes(title=y_title, tickformat=".0%", range=[0, 1.1])
    return _layout(fig.update_layout(barmode="group"), title, dark=dark)
