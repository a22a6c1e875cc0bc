"""The dashboard's frame: page config, the shared sidebar, routing to pages/, and `page_context` for pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import delivery, projector, state, warm
from dashboard.board import lecturer
from dashboard.context import AppContext
from dashboard.identity import remember
from dashboard.lecture import student_bar
from dashboard.sidebar import session_lang, sidebar
from har.i18n import translator

ss = st.session_state
PAGES = Path(__file__).resolve().parents[1] / "pages"  # absolute: a page may be the script Streamlit runs
MENU = "client.showSidebarNavigation"


def configure_page():
    """Wide pages; on the projector view (its link, or its switch) the sidebar starts collapsed."""
    projected = ss.get(state.PROJECTOR, projector.wanted())
    st.set_page_config(
        page_title="RNN vs CNN · UCF11",
        page_icon=":material/directions_run:",
        layout="wide",
        initial_sidebar_state="collapsed" if projected else "auto",
    )


def frame(ctx: AppContext) -> AppContext:
    """Above every page, after the sidebar: the lecturer key on any page's link (one key for every lecturer
    control), the projector's style, and what the lecturer sent or asked."""
    lecturer(ss)
    if ss.get(state.PROJECTOR):
        projector.style()
    student_bar(ss, ctx)
    return ctx


def navigation(tr):
    """The pages, titled in the session's language.

    .streamlit/config.toml hides the sidebar menu: until some session has called st.navigation,
    Streamlit serves a `pages/` folder through its folder router, whose menu lists file names. The
    first call in the process turns the menu on for every session (the option is process-wide)
    and reruns, to show it.
    """
    pages = [
        st.Page(PAGES / "data.py", title=tr("nav.data"), icon=":material/dataset:", url_path="data", default=True),
        st.Page(PAGES / "models.py", title=tr("nav.models"), icon=":material/tune:", url_path="models"),
        st.Page(PAGES / "train.py", title=tr("nav.train"), icon=":material/model_training:", url_path="train"),
        st.Page(PAGES / "compare.py", title=tr("nav.compare"), icon=":material/compare:", url_path="compare"),
        st.Page(PAGES / "lab.py", title=tr("nav.lab"), icon=":material/science:", url_path="lab"),
        st.Page(PAGES / "inspect.py", title=tr("nav.inspect"), icon=":material/frame_inspect:", url_path="inside"),
        st.Page(PAGES / "board.py", title=tr("nav.board"), icon=":material/groups:", url_path="board"),
    ]
    page = st.navigation(pages)  # from here on the whole server routes through st.navigation
    if st.get_option(MENU) is False:
        st.set_option(MENU, True)
        st.rerun()
    return page


def page_context() -> AppContext:
    """What every page calls first: the context this run's entry script built, or a new one.

    Normally the entry script has just drawn the sidebar and the page takes the context it left.
    With a `pages/` folder present, Streamlit also runs a page script on its own: on a fresh
    server, a session's first request to a page URL goes through its folder router, and
    `AppTest.switch_page` always does. The first time in a session, register the navigation and
    rerun at once, drawing nothing: the rerun goes through the entry script like every later run,
    so no widget is ever drawn by the folder router (its widget ids differ from the entry's, so a
    first click there would be lost). Under AppTest the page keeps running alone: then draw what
    the entry would have.
    """
    if ss.pop(state.FROM_ENTRY, False):
        return ss[state.CONTEXT]
    if not ss.get(state.REROUTED):
        ss[state.REROUTED] = True
        navigation(translator(session_lang()))
        st.rerun()  # keeps the URL's page and query string
    configure_page()
    navigation(translator(session_lang()))
    return frame(sidebar())


def run_app():
    """The entry script's whole job: configure, route, draw the sidebar, run the chosen page."""
    delivery.apply()  # once per server: a fragment's poll never again drops the end of the run before it
    configure_page()
    page = navigation(translator(session_lang()))  # first: its one-off rerun then costs the sidebar nothing
    frame(sidebar())
    remember(ss)  # the browser's identity cookie, when this session made the identity
    ss[state.FROM_ENTRY] = True
    try:
        page.run()
    finally:  # also when the page reruns or stops: the warm-up starts once per server, after a page
        context = ss.get(state.CONTEXT)
        warm.start(context.data if context is not None else None)
