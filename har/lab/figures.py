"""Pieces the studies' plotly figures share, in the dashboard's style (har/plots.py colours and layout). Each
study draws its own figures in its module; their words come from a `say` (Message -> text) the caller binds
to the reader's language."""

from __future__ import annotations

import plotly.graph_objects as go

from har.plots import _layout, escape_label, escape_labels, model_label, palette

BAND_ALPHA = "33"  # hex opacity appended to a model's colour for its band


def accuracy_bars(x: list[str], acc: dict[str, list[float]], y_title: str, title: str, dark: bool) -> go.Figure:
    """Grouped bars, one colour per model, each labelled with its accuracy; `acc` is model -> one value per x."""
    fig = go.Figure(
        [
            go.Bar(
                x=escape_labels(x),  # class names and data set names come from the data
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
    return layout(fig.update_layout(barmode="group"), title, dark=dark)


def layout(fig: go.Figure, title: str, *, height: int = 420, dark: bool = False) -> go.Figure:
    return _layout(fig, title, height=height, dark=dark)


__all__ = ["BAND_ALPHA", "accuracy_bars", "escape_label", "escape_labels", "layout", "model_label", "palette"]
