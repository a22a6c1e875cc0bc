"""Plotly figures for the dashboard, built from plain data (a Dataset, a run record) so tests can call them;
every builder takes `lang` ("en" or "es") for its titles and `dark` for a dark page's colours."""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from har.i18n import translator
from har.metrics import row_normalize
from har.runs import RunRecord

COLORS = {"rnn": "#0072B2", "cnn": "#D55E00"}  # colour-blind safe: the RNN always blue, the CNN always vermilion
RUN_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
FONT_SIZE = 16  # readable on a projector


@dataclass(frozen=True)
class Palette:
    """The colours of one page theme: the same figure, drawn for a light or a dark page."""

    background: str
    grid: str
    text: str
    models: dict[str, str]  # "rnn" / "cnn" -> colour
    runs: tuple[str, ...]  # one colour per overlaid run

    def model(self, name: str) -> str | None:
        return self.models.get(name)


LIGHT = Palette("white", "#EBF0F8", "#1A1A1A", COLORS, RUN_COLORS)
# On a dark page the RNN takes the lighter sky blue of the same colour-blind-safe set, and white replaces black.
DARK = Palette(
    "#0E1117",
    "#2B3340",
    "#FAFAFA",
    {"rnn": "#56B4E9", "cnn": "#D55E00"},
    ("#56B4E9", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#0072B2", "#FFFFFF", "#F0E442"),
)


def palette(dark: bool = False) -> Palette:
    return DARK if dark else LIGHT


def _template(p: Palette) -> go.layout.Template:
    # A plain background with light grid lines: the few parts of plotly's "plotly_white" these charts
    # use; the full template is much slower to validate, and a figure is redrawn after every epoch.
    axis = {"gridcolor": p.grid, "linecolor": p.grid, "zerolinecolor": p.grid, "ticks": "", "automargin": True}
    return go.layout.Template(
        layout={
            "plot_bgcolor": p.background,
            "paper_bgcolor": p.background,
            "font": {"color": p.text},
            "xaxis": axis,
            "yaxis": axis,
        }
    )


TEMPLATES = {False: _template(LIGHT), True: _template(DARK)}
TEMPLATE = TEMPLATES[False]


def _layout(fig: go.Figure, title: str = "", height: int = 420, legend: str = "top", *, dark: bool = False):
    """Shared look; `legend` "top" (a row above the plot) or "right" (a column, for plots with subplot titles)."""
    place = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0} if legend == "top" else {"orientation": "v"}
    fig.update_layout(
        template=TEMPLATES[dark],
        font={"size": FONT_SIZE, "color": palette(dark).text},
        title={"text": title, "y": 0.98, "yanchor": "top"} if title else None,
        height=height,
        margin={"l": 70, "r": 20, "t": 90 if title else 50, "b": 70},
        legend=place,
    )
    return fig


METRIC_KEYS = {
    "test_acc": "plot.metric.test_acc",
    "train_acc": "plot.metric.train_acc",
    "test_loss": "plot.metric.test_loss",
    "train_loss": "plot.metric.train_loss",
}


def escape_label(text) -> str:
    """`text` from data or an upload (a class name, a run id, a data set's name) as a plotly label shows it:
    plotly reads `<a href>`, `<span style>` and other tags in labels, so `<`, `>` and `&` are escaped and show
    as themselves (plotly turns the entities back into the characters, never into markup)."""
    return html.escape(str(text), quote=False)


def escape_labels(texts) -> list[str]:
    return [escape_label(t) for t in texts]


def model_label(name: str) -> str:
    return escape_label(name.upper())  # a record's model names come from its file


def class_counts(data, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Bar chart of clips per class."""
    tr = translator(lang)
    fig = go.Figure(
        go.Bar(
            x=escape_labels(data.class_names), y=data.class_counts().tolist(), marker_color=palette(dark).model("rnn")
        )
    )
    fig.update_xaxes(title=tr("plot.class"), tickangle=-35)
    fig.update_yaxes(title=tr("plot.clips"))
    return _layout(fig, tr("plot.class_counts"), dark=dark)


def clip_heatmap(clip: np.ndarray, lang: str = "en", title: str = "", *, dark: bool = False) -> go.Figure:
    """One clip (T, F) as a frames x features heatmap."""
    tr = translator(lang)
    clip = np.asarray(clip)
    fig = go.Figure(
        go.Heatmap(
            z=clip,
            x=np.arange(clip.shape[1]),
            y=np.arange(1, clip.shape[0] + 1),
            colorscale="Viridis",
            colorbar={"title": {"text": tr("plot.value")}},
        )
    )
    fig.update_xaxes(title=tr("plot.feature"))
    fig.update_yaxes(title=tr("plot.frame"), autorange="reversed", dtick=1)
    return _layout(fig, title or tr("plot.clip_heatmap"), height=420, dark=dark)


def top_features(clip: np.ndarray, k: int = 8) -> np.ndarray:
    """Indices of the `k` features with the largest mean over the clip's frames, largest first."""
    mean = np.asarray(clip).mean(axis=0)
    return np.argsort(-mean, kind="stable")[:k]


def features_over_time(clip: np.ndarray, lang: str = "en", k: int = 8, *, dark: bool = False) -> go.Figure:
    """The clip's `k` strongest features, one line each, over its frames."""
    tr = translator(lang)
    clip = np.asarray(clip)
    frames = np.arange(1, clip.shape[0] + 1)
    fig = go.Figure()
    top = top_features(clip, k)
    for f in top:
        fig.add_trace(go.Scatter(x=frames, y=clip[:, f], mode="lines+markers", name=f"#{f}"))
    fig.update_xaxes(title=tr("plot.frame"), dtick=1)
    fig.update_yaxes(title=tr("plot.value"))
    fig = _layout(fig, tr("plot.features_over_time", k=len(top)), height=420, legend="right", dark=dark)
    fig.update_layout(legend_title_text=tr("plot.feature"))
    return fig


def training_curves(record: RunRecord, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Loss (left) and accuracy (right) per epoch, every model on the same axes; train dashed, test solid."""
    tr = translator(lang)
    fig = make_subplots(rows=1, cols=2, subplot_titles=(tr("plot.loss"), tr("plot.accuracy")), horizontal_spacing=0.1)
    for name, entry in record.models.items():
        history = entry.history
        epochs = [h.epoch for h in history]
        for split, split_key, dash in (("train", "plot.train", "dash"), ("test", "plot.test", "solid")):
            label = f"{model_label(name)} {tr(split_key)}"
            style = {"color": palette(dark).model(name), "dash": dash, "width": 3}
            for col, metric in ((1, "loss"), (2, "acc")):
                fig.add_trace(
                    go.Scatter(
                        x=epochs,
                        y=[getattr(h, f"{split}_{metric}") for h in history],
                        mode="lines+markers",
                        name=label,
                        line=style,
                        legendgroup=label,
                        showlegend=col == 1,
                    ),
                    row=1,
                    col=col,
                )
    fig.update_xaxes(title=tr("plot.epoch"), dtick=1 if record.epochs() <= 20 else None)
    fig.update_yaxes(title=tr("plot.loss"), row=1, col=1)
    fig.update_yaxes(title=tr("plot.accuracy"), tickformat=".0%", range=[0, 1.02], row=1, col=2)
    return _layout(fig, height=440, legend="right", dark=dark)


CONFUSION_SCALE = "Blues"  # light for few clips, dark for many


def confusion_matrices(
    record: RunRecord, normalized: bool = False, lang: str = "en", *, dark: bool = False
) -> go.Figure:
    """The models' confusion matrices side by side: rows true class, columns predicted class."""
    tr = translator(lang)
    names = escape_labels(record.class_names)
    models = [m for m, e in record.models.items() if e.confusion is not None]
    fig = make_subplots(
        rows=1,
        cols=max(1, len(models)),
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=[model_label(m) for m in models],
    )
    for col, name in enumerate(models, start=1):
        counts = np.asarray(record.models[name].confusion)
        z = row_normalize(counts) if normalized else counts
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=names,
                y=names,
                coloraxis="coloraxis",
                name=model_label(name),
                text=np.round(z * 100).astype(int) if normalized else z,
                texttemplate="%{text}",
                textfont={"size": 12},
                hovertemplate=tr("plot.confusion_hover") + "<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(title=tr("plot.predicted"), tickangle=-45, row=1, col=col)
    fig.update_yaxes(title=tr("plot.true"), autorange="reversed", row=1, col=1)
    fig.update_yaxes(autorange="reversed")
    # Blues runs from white (none) to dark blue (many): the captions say "dark cells", in either theme. Row
    # shares are fractions, shown as percentages on the colour bar as in the cells.
    bar = {"title": {"text": tr("plot.percent_of_row")}, "tickformat": ".0%"} if normalized else {
        "title": {"text": tr("plot.clips")}}  # fmt: skip
    fig.update_layout(coloraxis={"colorscale": CONFUSION_SCALE, "colorbar": bar})
    return _layout(fig, height=560, dark=dark)


def per_class_accuracy(record: RunRecord, lang: str = "en", *, dark: bool = False) -> go.Figure:
    """Each model's accuracy on the test clips of each class (its recall), as grouped bars."""
    tr = translator(lang)
    names = escape_labels(record.class_names)
    fig = go.Figure()
    for name, entry in record.models.items():
        if entry.confusion is None:
            continue
        fig.add_trace(
            go.Bar(
                x=names,
                y=class_accuracy(entry.confusion),
                name=model_label(name),
                marker_color=palette(dark).model(name),
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=tr("plot.class"), tickangle=-35)
    fig.update_yaxes(title=tr("plot.accuracy"), tickformat=".0%", range=[0, 1.02])
    return _layout(fig, tr("plot.per_class"), dark=dark)


def class_accuracy(confusion) -> list[float]:
    """Diagonal over row sums: the share of each true class predicted correctly (0 for an empty row)."""
    return np.diag(row_normalize(confusion)).tolist()


def overlay_runs(
    records: list[RunRecord], metric: str = "test_acc", lang: str = "en", *, dark: bool = False
) -> go.Figure:
    """One metric of several runs on one chart: a colour per run, solid RNN and dotted CNN."""
    tr = translator(lang)
    fig, colors = go.Figure(), palette(dark).runs
    for i, record in enumerate(records):
        for name, entry in record.models.items():
            history = entry.history
            fig.add_trace(
                go.Scatter(
                    x=[h.epoch for h in history],
                    y=[getattr(h, metric) for h in history],
                    mode="lines+markers",
                    name=f"{escape_label(record.id)} {model_label(name)}",
                    line={
                        "color": colors[i % len(colors)],
                        "dash": "solid" if name == "rnn" else "dot",
                        "width": 3,
                    },
                )
            )
    epochs = max((r.epochs() for r in records), default=0)
    fig.update_xaxes(title=tr("plot.epoch"), dtick=1 if epochs <= 20 else None)
    is_acc = metric.endswith("acc")
    fig.update_yaxes(title=tr(METRIC_KEYS[metric]), tickformat=".0%" if is_acc else None)
    return _layout(fig, tr("plot.overlay", metric=tr(METRIC_KEYS[metric])), legend="right", dark=dark)
