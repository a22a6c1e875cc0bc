"""Plotly figures of the clip inspector, in the dashboard's style (har/plots.py colours and layout): both models'
class probabilities before and after the edits, per-frame attributions (beside an untrained model's), per-class
averages, the GRU's gates, the CNN's feature maps and the 2-D map of the test clips."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative

from har.i18n import translator
from har.plots import _layout, model_label, palette

CLASS_COLORS = qualitative.Safe  # 11 colour-blind-safe colours, one per UCF11 class
BEFORE_GREY = "#9AA0A6"  # the clip as it is, behind each model's colour for the clip after the edits


def _side_by_side(titles: list[str], *, shared_y: bool = True, spacing: float = 0.06) -> go.Figure:
    """Panels in one row, each titled, laid out by hand: plotly's make_subplots costs about 0.1 s a figure, which an
    edit's answer cannot afford. Panel i's traces go on axes `_on(i)`."""
    n = max(1, len(titles))
    width = (1 - spacing * (n - 1)) / n
    layout, notes = {}, []
    for i, title in enumerate(titles):
        x0 = i * (width + spacing)
        suffix = "" if i == 0 else str(i + 1)
        layout[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}"}
        y = {"anchor": f"x{suffix}"}
        if i and shared_y:
            y |= {"matches": "y", "showticklabels": False}
        layout[f"yaxis{suffix}"] = y
        notes.append(
            {
                "text": title,
                "x": x0 + width / 2,
                "y": 1.0,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 16},
            }
        )
    return go.Figure(layout=layout | {"annotations": notes})


def _above_titles(fig: go.Figure) -> go.Figure:
    """The legend row above the panels' titles, not on them."""
    return fig.update_layout(legend={"y": 1.12}, margin={"t": 90})


def _on(i: int) -> dict:
    """The axes of panel i (from 0), for a trace's keyword arguments."""
    return {"xaxis": "x" if i == 0 else f"x{i + 1}", "yaxis": "y" if i == 0 else f"y{i + 1}"}


def _axis(fig: go.Figure, letter: str, i: int, **settings) -> None:
    fig.layout[f"{letter}axis{'' if i == 0 else i + 1}"].update(settings)


def probability_bars(class_names, before: dict, after: dict, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Each model's class probabilities (C,) on the clip as it is (grey) and after the edits (its colour), one
    panel per model; a model missing from `after` could not read the edited clip."""
    tr = translator(lang)
    names = list(before)
    fig = _side_by_side([model_label(n) for n in names])
    for i, name in enumerate(names):
        fig.add_trace(
            go.Bar(
                x=list(class_names),
                y=np.asarray(before[name]).tolist(),
                name=tr("inspect.plot.before"),
                marker_color=BEFORE_GREY,
                legendgroup="before",
                showlegend=i == 0,
                hovertemplate="%{x}: %{y:.1%}<extra></extra>",
                **_on(i),
            )
        )
        if name in after:
            fig.add_trace(
                go.Bar(
                    x=list(class_names),
                    y=np.asarray(after[name]).tolist(),
                    name=tr("inspect.plot.after", model=model_label(name)),
                    marker_color=palette(dark).model(name),
                    hovertemplate="%{x}: %{y:.1%}<extra></extra>",
                    **_on(i),
                )
            )
        _axis(fig, "x", i, tickangle=-45)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    _axis(fig, "y", 0, title=tr("inspect.plot.probability"))
    fig.update_layout(barmode="group", bargap=0.15)
    return _above_titles(_layout(fig, height=460, dark=dark))


def frame_bars(
    trained: dict, untrained: dict | None, y_title: str, lang: str = "en", *, dark: bool = False
) -> go.Figure:
    """Each model's per-frame attribution (T,) as bars, one panel per model; with `untrained`, the same
    attribution of an untrained model of its config beside it (grey)."""
    tr = translator(lang)
    names = list(trained)
    fig = _side_by_side([model_label(n) for n in names], shared_y=False)
    for i, name in enumerate(names):
        values = np.asarray(trained[name])
        frames = list(range(1, len(values) + 1))
        fig.add_trace(
            go.Bar(
                x=frames, y=values.tolist(), name=model_label(name), marker_color=palette(dark).model(name), **_on(i)
            )
        )
        if untrained:
            fig.add_trace(
                go.Bar(
                    x=frames,
                    y=np.asarray(untrained[name]).tolist(),
                    name=tr("inspect.plot.untrained"),
                    marker_color=BEFORE_GREY,
                    legendgroup="untrained",
                    showlegend=i == 0,
                    **_on(i),
                )
            )
        _axis(fig, "x", i, title=tr("plot.frame"), dtick=1)
    _axis(fig, "y", 0, title=y_title)
    fig.update_layout(barmode="group")
    return _above_titles(_layout(fig, height=400, dark=dark))


def class_profile_heatmaps(means: dict, class_names, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Each model's mean attribution (C, T) of every frame over the test clips of each class, one panel per model;
    red raised the true class's output, blue lowered it (the same scale for both panels)."""
    tr = translator(lang)
    names = list(means)
    fig = _side_by_side([model_label(n) for n in names])
    top = max((float(np.nanmax(np.abs(m))) for m in means.values() if np.isfinite(m).any()), default=1.0) or 1.0
    for i, name in enumerate(names):
        z = np.asarray(means[name])
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=list(range(1, z.shape[1] + 1)),
                y=list(class_names),
                coloraxis="coloraxis",
                hovertemplate="%{y}, " + tr("plot.frame") + " %{x}: %{z:.3f}<extra></extra>",
                **_on(i),
            )
        )
        _axis(fig, "x", i, title=tr("plot.frame"), dtick=1)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(coloraxis={"colorscale": "RdBu", "reversescale": True, "cmin": -top, "cmax": top})
    return _layout(fig, height=480, dark=dark)


GATES = ("hidden", "update", "reset")  # the GateTrace fields drawn, left to right
GATE_KEYS = {"hidden": "inspect.plot.hidden", "update": "inspect.plot.update", "reset": "inspect.plot.reset"}


def gate_heatmaps(trace, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """A GRU layer's hidden state (from -1 to 1) and its update and reset gates (from 0 to 1) at every frame:
    one row per unit, one column per frame."""
    tr = translator(lang)
    fig = _side_by_side([tr(GATE_KEYS[g]) for g in GATES], spacing=0.05)
    for i, gate in enumerate(GATES):
        z = np.asarray(getattr(trace, gate)).T  # (H, T)
        low, scale = (-1, "RdBu") if gate == "hidden" else (0, "Viridis")
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=list(range(1, z.shape[1] + 1)),
                zmin=low,
                zmax=1,
                colorscale=scale,
                reversescale=gate == "hidden",
                showscale=i in (0, 2),
                colorbar={"x": -0.15 if i == 0 else 1.02, "len": 0.9},
                hovertemplate=tr("plot.frame") + " %{x}, " + tr("inspect.plot.unit") + " %{y}: %{z:.2f}<extra></extra>",
                **_on(i),
            )
        )
        _axis(fig, "x", i, title=tr("plot.frame"), dtick=1)
    _axis(fig, "y", 0, title=tr("inspect.plot.unit"))
    return _layout(fig, height=440, dark=dark)


def feature_map_heatmap(fmap, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """A conv layer's output after its ReLU (W, T): how strongly each filter responds at each frame, before the
    model pools it over time."""
    tr = translator(lang)
    z = np.asarray(fmap)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(1, z.shape[1] + 1)),
            colorscale="Viridis",
            colorbar={"title": {"text": tr("plot.value")}},
            hovertemplate=tr("plot.frame") + " %{x}, " + tr("inspect.plot.filter") + " %{y}: %{z:.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(title=tr("plot.frame"), dtick=1)
    fig.update_yaxes(title=tr("inspect.plot.filter"))
    return _layout(fig, height=440, dark=dark)


def map_scatter(
    coords: dict, labels, keys, class_names, lang: str = "en", *, only=None, dark: bool = False
) -> go.Figure:
    """Every test clip on each model's 2-D map (`coords`: model -> (N, 2)), one colour per true class, one panel per
    model; hovering shows the clip's key (also its `customdata`, which a click hands back). `only`: the classes
    (indices) to draw, the rest left out."""
    tr = translator(lang)
    labels, keys = np.asarray(labels), list(keys)
    names = list(coords)
    fig = _side_by_side([model_label(n) for n in names], shared_y=False)
    shown = range(len(class_names)) if only is None else only
    for i, name in enumerate(names):
        xy = np.asarray(coords[name])
        for c in shown:
            rows = np.flatnonzero(labels == c)
            if not len(rows):
                continue
            fig.add_trace(
                go.Scatter(
                    x=xy[rows, 0].tolist(),
                    y=xy[rows, 1].tolist(),
                    mode="markers",
                    marker={"color": CLASS_COLORS[c % len(CLASS_COLORS)], "size": 9, "line": {"width": 0}},
                    name=str(class_names[c]),
                    legendgroup=str(c),
                    showlegend=i == 0,
                    customdata=[keys[r] for r in rows],
                    hovertemplate="%{customdata}<extra>" + str(class_names[c]) + "</extra>",
                    **_on(i),
                )
            )
        _axis(fig, "x", i, title=tr("inspect.plot.axis", n=1))
        _axis(fig, "y", i, title=tr("inspect.plot.axis", n=2))
    return _layout(fig, height=520, legend="right", dark=dark)
