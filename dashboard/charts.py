"""How every page draws a chart: the project's own theme (light or dark, as the viewer's page is) and a camera
button that saves the chart at slide resolution."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import state
from dashboard.projector import enlarge
from har.i18n import DEFAULT, NumberStyle

PLOTLY_SEPARATORS = ".,"  # plotly's own: a point before decimals, a comma between thousands (English)

EXPORT_SCALE = 3  # the camera button saves at 3x the size on screen: sharp on a 4K projector or a printed slide


def dark_page() -> bool:
    """True when the viewer's page is dark (Streamlit follows the browser's colour scheme, see .streamlit/)."""
    return st.context.theme.type == "dark"


def chart(fig, key: str, where=None, **options) -> None:
    """Draw `fig` in `where` (the page by default) with har.plots' colours, never Streamlit's theme, so a chart
    looks the same on every page; its camera button saves a PNG named after `key` at EXPORT_SCALE. `options` go to
    st.plotly_chart (on_select, selection_mode: a chart whose points can be clicked). On the projector view it is
    drawn larger (dashboard/projector.py)."""
    if st.session_state.get(state.PROJECTOR):
        fig = enlarge(fig)
    marks = separators(st.session_state.get(state.LANG, DEFAULT))
    if marks != (fig.layout.separators or PLOTLY_SEPARATORS):
        fig = go.Figure(fig).update_layout(separators=marks)  # a copy: a cached figure may serve another language
    camera = {"toImageButtonOptions": {"format": "png", "scale": EXPORT_SCALE, "filename": key.replace("_", "-")}}
    (where or st).plotly_chart(fig, key=key, theme=None, config=camera, **options)


def separators(lang: str) -> str:
    """Plotly's `layout.separators` for `lang`: its decimal mark, then its thousands separator (CLDR), so that tick
    labels and hovers read 891.147 and 0,5 in Spanish as the sentences do."""
    style = NumberStyle.of(lang)
    return style.decimal + style.group
