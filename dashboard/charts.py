"""How every page draws a chart: the project's own theme (light or dark, as the viewer's page is) and a camera
button that saves the chart at slide resolution."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.projector import enlarge

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
    camera = {"toImageButtonOptions": {"format": "png", "scale": EXPORT_SCALE, "filename": key.replace("_", "-")}}
    (where or st).plotly_chart(fig, key=key, theme=None, config=camera, **options)
