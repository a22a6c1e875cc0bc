"""The projector view's figures: every text (titles, ticks, legend, subplot titles, cell labels) and every curve
at least 1.5x its laptop size, read from the figure objects the pages draw."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from support.board import finished_run

from dashboard.projector import enlarge
from har import plots
from har.board.entry import entries_from_record
from har.board.figures import accuracy_chart, by_data

AT_LEAST = 1.5


def fonts(fig: go.Figure) -> dict[str, float]:
    """Each text element's effective font size (its own, else the figure's)."""
    base = fig.layout.font.size or 12
    out = {"layout": base}
    if fig.layout.title.text:
        out["title"] = fig.layout.title.font.size or base
    out["legend"] = fig.layout.legend.font.size or base
    for name in [k for k in fig.layout if k.startswith(("xaxis", "yaxis"))]:
        axis = fig.layout[name]
        out[f"{name}.ticks"] = axis.tickfont.size or base
        if axis.title.text:
            out[f"{name}.title"] = axis.title.font.size or base
    for i, note in enumerate(fig.layout.annotations):
        out[f"annotation{i}"] = note.font.size or base
    for i, trace in enumerate(fig.data):
        if "textfont" in trace and (trace.text is not None or getattr(trace, "texttemplate", None)):
            out[f"trace{i}.text"] = trace.textfont.size or base
    return out


def lines(fig: go.Figure) -> dict[str, float]:
    return {f"trace{i}": t.line.width or 2 for i, t in enumerate(fig.data) if t.type == "scatter"}


def figures(tiny_demo):
    record = finished_run(tiny_demo, accs=((0.4, 0.5), (0.5, 0.6), (0.55, 0.62)))
    entries = entries_from_record(record, "ana")
    (key, group), *_ = by_data(entries).items()
    return {
        "curves": plots.training_curves(record, "en", dark=True),
        "per_class": plots.per_class_accuracy(record, "en"),
        "overlay": plots.overlay_runs([record], "test_acc", "en"),
        "board": accuracy_chart(key, group, "en", dark=True),
    }


@pytest.mark.parametrize("name", ["curves", "per_class", "overlay", "board"])
def test_projector_figures_are_at_least_one_and_a_half_times_larger(tiny_demo, name):
    fig = figures(tiny_demo)[name]
    big = enlarge(fig)
    small_fonts, big_fonts = fonts(fig), fonts(big)
    assert small_fonts.keys() == big_fonts.keys()
    for element, size in small_fonts.items():
        assert big_fonts[element] >= AT_LEAST * size, (element, size, big_fonts[element])
    for trace, width in lines(fig).items():
        assert lines(big)[trace] >= AT_LEAST * width, trace
    assert fig.layout.font.size == plots.FONT_SIZE  # the laptop figure itself is untouched
    assert [t.name for t in big.data] == [t.name for t in fig.data]  # the same data, the same colours
    assert [getattr(t, "marker", None) and t.marker.color for t in big.data] == [
        getattr(t, "marker", None) and t.marker.color for t in fig.data
    ]


def test_the_confusion_matrices_cell_labels_grow_too(tiny_record):
    fig = plots.confusion_matrices(tiny_record, False, "en")
    big = enlarge(fig)
    for element, size in fonts(fig).items():
        assert fonts(big)[element] >= AT_LEAST * size, element
