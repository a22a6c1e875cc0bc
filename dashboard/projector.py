"""The projector view (Train, Compare, Class): one switch in the sidebar, or `?view=projector` in a bookmark. Charts
with fonts and lines SCALE times larger, big metric tiles, the sidebar collapsed, and only what the class needs
to see, so the race and the board read from the back row at 1280x720."""

from __future__ import annotations

from collections.abc import MutableMapping

import plotly.graph_objects as go
import streamlit as st

from dashboard import state
from dashboard.widgets import bind
from har.i18n import number, translator

PARAM, VALUE = "view", "projector"  # ?view=projector opens the projector view
SCALE = 1.6  # fonts and line widths, against the laptop view
BASE_FONT = 12  # plotly's default font size, where a figure sets none
BASE_LINE = 2  # plotly's default line width
LEGEND_BELOW_HEIGHT = 570  # pixels: a figure whose legend moved below its plot, on a 720-pixel-high screen
# Train and Stop from the keyboard; on the projector from a presenter remote, whose buttons send PageDown/PageUp.
TRAIN_KEYS = {False: "T", True: "PageDown"}
STOP_KEYS = {False: "S", True: "PageUp"}
ACC_KEYS = {"rnn": "projector.acc_rnn", "cnn": "projector.acc_cnn"}
PARAMS_KEYS = {"rnn": "projector.params_rnn", "cnn": "projector.params_cnn"}
CSS = """<style>
[data-testid="stMetricValue"] p { font-size: 3.4rem !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMainBlockContainer"] { padding-top: 3.2rem !important; padding-bottom: 0.5rem !important; }
[data-testid="stMain"] h1 { font-size: 2.2rem !important; padding: 0 0 0.3rem 0 !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.25rem; }
</style>"""


def wanted() -> bool:
    """Whether the page's link asks for the projector view (read before the page config is set)."""
    return st.query_params.get(PARAM) == VALUE


def is_on(ss: MutableMapping) -> bool:
    """This session's switch, set from the link on its first run."""
    if state.PROJECTOR not in ss:
        ss[state.PROJECTOR] = wanted()
    return bool(ss[state.PROJECTOR])


def _sync_link() -> None:
    if st.session_state[state.PROJECTOR]:
        st.query_params[PARAM] = VALUE
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def switch(ss: MutableMapping, lang: str) -> bool:
    """The sidebar's switch (it keeps `?view=projector` in the address bar, for the lecturer's bookmark)."""
    tr = translator(lang)
    is_on(ss)
    return bind(ss, st.toggle, tr("projector.switch"), state.PROJECTOR, on_change=_sync_link, help=tr("projector.help"))


def style() -> None:
    """The projector's larger type and tiles (a style element only: it takes no room on the page)."""
    st.html(CSS)


def _scaled(size, base: float) -> float:
    return (size if size is not None else base) * SCALE


def enlarge(fig: go.Figure) -> go.Figure:
    """A copy of `fig` for the projector: every font (titles, ticks, legend, subplot titles, cell labels) and
    every line SCALE times larger."""
    big = go.Figure(fig)
    base = big.layout.font.size or BASE_FONT
    big.update_layout(font_size=base * SCALE)
    if big.layout.title.text:
        big.layout.title.font.size = _scaled(big.layout.title.font.size, base)
    if big.layout.legend.font.size is not None:
        big.layout.legend.font.size *= SCALE
    if big.layout.legend.orientation == "v" and len(list(big.select_xaxes())) == 1:
        # one plot with a column of long labels (the board's) would be squeezed: the labels go below it
        # anchored to the figure's own bottom edge (not the plot's), so however many rows the labels wrap to, the
        # legend stays inside the figure and the figure inside the screen
        big.update_layout(legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"})
        big.update_layout(height=max(big.layout.height or 0, LEGEND_BELOW_HEIGHT), margin_b=230)
    big.for_each_xaxis(lambda a: _axis(a, base))
    big.for_each_yaxis(lambda a: _axis(a, base))
    for note in big.layout.annotations:
        note.font.size = _scaled(note.font.size, base)
    for trace in big.data:
        _trace(trace, base)
    return big


def _axis(axis, base: float) -> None:
    if axis.tickfont.size is not None:
        axis.tickfont.size *= SCALE
    if axis.title.font.size is not None:
        axis.title.font.size *= SCALE


def _trace(trace, base: float) -> None:
    if "line" in trace and trace.type in ("scatter", "scattergl"):
        trace.line.width = _scaled(trace.line.width, BASE_LINE)
        if trace.marker.size is not None:
            trace.marker.size *= SCALE
    if "textfont" in trace and trace.textfont.size is not None:
        trace.textfont.size *= SCALE
    if trace.type == "bar" and trace.marker.line.width:
        trace.marker.line.width *= SCALE
    if "error_y" in trace and trace.error_y.thickness is not None:
        trace.error_y.thickness *= SCALE


def tiles(accs: dict[str, float | None], params: dict[str, int], lang: str, columns=None) -> None:
    """Big tiles in four `columns` (a new row by default): each model's test accuracy and parameter count ("-"
    before its first epoch)."""
    tr = translator(lang)
    columns = columns or st.columns(4)
    for i, name in enumerate(("rnn", "cnn")):
        acc = accs.get(name)
        columns[i].metric(tr(ACC_KEYS[name]), "-" if acc is None else number(100 * acc, lang, ".1f") + " %")
    for i, name in enumerate(("rnn", "cnn")):
        columns[2 + i].metric(tr(PARAMS_KEYS[name]), number(params[name], lang, ","))


def final_accs(record) -> dict[str, float | None]:
    """Each model's latest test accuracy in a run record (None before its first epoch)."""
    return {n: (m.last.test_acc if m.last else None) for n, m in record.models.items()}
