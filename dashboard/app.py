"""The dashboard's frame: page config, the shared sidebar, routing to pages/, and `page_context` for pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import state
from dashboard.context import AppContext
from dashboard.sidebar import sidebar
from har.i18n import translator

ss = st.session_state
PAGES = Path(__file__).resolve().parents[1] / "pages"  # absolute: a page may be the script Streamlit runs


def configure_page():
    st.set_page_config(page_title="RNN vs CNN · UCF11", page_icon=":material/directions_run:", layout="wide")


def navigation(tr):
    """The pages, titled in the session's language."""
    pages = [
        st.Page(PAGES / "data.py", title=tr("nav.data"), icon=":material/dataset:", url_path="data", default=True),
        st.Page(PAGES / "models.py", title=tr("nav.models"), icon=":material/tune:", url_path="models"),
        st.Page(PAGES / "train.py", title=tr("nav.train"), icon=":material/model_training:", url_path="train"),
        st.Page(PAGES / "compare.py", title=tr("nav.compare"), icon=":material/compare:", url_path="compare"),
        st.Page(PAGES / "lab.py", title=tr("nav.lab"), icon=":material/science:", url_path="lab"),
        st.Page(PAGES / "board.py", title=tr("nav.board"), icon=":material/groups:", url_path="board"),
    ]
    return st.navigation(pages)


def page_context() -> AppContext:
    """What every page calls first: the context this run's entry script built, or a new one.

    Normally the entry script has just drawn the sidebar and the page takes the context it left.
    With a `pages/` folder present, Streamlit also runs a page script on its own (a fresh server's
    first request to a page, every `AppTest.switch_page`); then this draws the sidebar and the
    navigation itself.
    """
    if ss.pop(state.FROM_ENTRY, False):
        return ss[state.CONTEXT]
    # Streamlit ran the page without the entry script: draw what the entry would have.
    configure_page()
    ctx = sidebar()
    navigation(translator(ctx.lang))
    return ctx


def run_app():
    """The entry script's whole job: configure, draw the sidebar, route to the chosen page."""
    configure_page()
    ctx = sidebar()
    page = navigation(translator(ctx.lang))
    ss[state.FROM_ENTRY] = True
    page.run()
