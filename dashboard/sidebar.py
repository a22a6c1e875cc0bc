"""The controls every page shares (language, data, split, seed, device, share link) and the routing.

Each page starts with `ctx = page_context()`. Normally the entry script has just drawn the
sidebar and the page takes the context it left. With a `pages/` folder present, Streamlit also
runs a page script on its own (a fresh server's first request to a page, every
`AppTest.switch_page`); then `page_context` draws the sidebar and the navigation itself.
"""

import os
from pathlib import Path

import streamlit as st
import torch

from dashboard import state
from har.data import SPLITS, load_dataset, make_split
from har.data.demo import make_demo
from har.errors import HarError
from har.i18n import LANGUAGES, translator
from har.lab.share import decode, query_string
from har.paths import data_dir, ucf11_store

ss = st.session_state
PAGES = Path(__file__).resolve().parents[1] / "pages"  # absolute: a page may be the script Streamlit runs


def demo_scale() -> float:
    """HAR_DEMO_SCALE in (0, 1]: the share of the demo's clips to generate (1 unless set)."""
    try:
        scale = float(os.environ.get("HAR_DEMO_SCALE", "1"))
    except ValueError:
        return 1.0
    return scale if 0 < scale <= 1 else 1.0


@st.cache_resource(show_spinner=False, max_entries=4)
def shared_dataset(source: str, scale: float, folder: str):
    """Loaded once per server and shared by every session; its arrays are read-only.

    `folder` (the data folder, "" for the demo) only keys the cache: another folder, another data set.
    """
    return make_demo(scale=scale) if source == "demo" else load_dataset(source)


def ucf11_ready() -> bool:
    from har.data.download import store_ready

    return store_ready(ucf11_store())


def sync_lang_to_url():
    st.query_params["lang"] = ss[state.LANG]


def apply_link() -> list[str]:
    """On a session's first run, load the setup a shared link carries; return what to tell the user.

    A link with nothing but `lang` (or no parameters) changes nothing. A bad value never stops
    the app: har.lab.share.decode replaces it with its default and explains why.
    """
    params = st.query_params.to_dict()
    if not set(params) - {"lang"}:
        return []
    setup, warnings = decode(params)
    moved = state.apply_setup(ss, setup)
    tr = translator(setup.lang)
    return [
        tr("side.link_applied"),
        *warnings,
        *(tr("side.link_moved", setting=key, asked=asked, given=given) for key, asked, given in moved),
    ]


def sidebar() -> state.AppContext:
    """Draw the shared controls, load the data and split, and store the context for the page."""
    if state.LANG not in ss:
        wanted = st.query_params.get("lang", "en")
        ss[state.LANG] = wanted if wanted in LANGUAGES else "en"
    state.init(ss)
    if state.LINK_APPLIED not in ss:
        ss[state.LINK_APPLIED] = apply_link()
    state.collect_job(ss)
    if state.PENDING_SOURCE in ss:
        ss[state.SOURCE] = ss.pop(state.PENDING_SOURCE)
    lang = ss[state.LANG]
    tr = translator(lang)

    sources = ["demo"] + (["ucf11"] if ucf11_ready() else []) + (["upload"] if state.UPLOADED in ss else [])
    if ss.get(state.SOURCE) not in sources:
        ss[state.SOURCE] = "demo"
    devices = ["auto", "cpu"] + (["cuda"] if torch.cuda.is_available() else [])

    # Bound settings (state.bind) keep their values when a page draws this sidebar itself.
    with st.sidebar:
        state.bind(
            ss,
            st.selectbox,
            tr("side.lang"),
            state.LANG,
            list(LANGUAGES),
            format_func=LANGUAGES.get,
            on_change=sync_lang_to_url,
            help=tr("side.lang_help"),
        )
        state.bind(
            ss,
            st.radio,
            tr("side.source"),
            state.SOURCE,
            sources,
            format_func=lambda s: tr(f"side.source.{s}"),
            help=tr("side.source_help"),
        )
        state.bind(
            ss,
            st.radio,
            tr("side.split"),
            state.SPLIT,
            SPLITS,
            horizontal=True,
            format_func=lambda s: tr(f"side.split.{s}"),
            help=tr("side.split_help"),
        )
        state.bind(
            ss,
            st.number_input,
            tr("side.split_seed"),
            state.SPLIT_SEED,
            min_value=0,
            max_value=10_000,
            step=1,
            help=tr("side.split_seed_help"),
        )
        state.bind(
            ss,
            st.selectbox,
            tr("side.device"),
            state.DEVICE,
            devices,
            format_func=lambda d: tr(f"side.device.{d}"),
            help=tr("side.device_help"),
        )

    source = ss[state.SOURCE]
    try:
        if source == "upload":
            data = ss[state.UPLOADED]
        else:
            data = shared_dataset(source, demo_scale(), "" if source == "demo" else str(data_dir()))
    except HarError as e:
        st.sidebar.error(tr("side.load_failed", msg=e.message(lang)))
        source, data = "demo", shared_dataset("demo", demo_scale(), "")
    try:
        split = make_split(data, ss[state.SPLIT], seed=int(ss[state.SPLIT_SEED]))
    except (HarError, ValueError) as e:  # e.g. a data set too small for a group split
        st.sidebar.error(tr("side.split_failed", msg=e.message(lang) if isinstance(e, HarError) else str(e)))
        split = make_split(data, "random", seed=int(ss[state.SPLIT_SEED]))
    ctx = state.AppContext(
        lang=lang, data=data, source=source, split=split, split_seed=int(ss[state.SPLIT_SEED]), device=ss[state.DEVICE]
    )
    with st.sidebar:
        st.caption(tr("side.summary", train=len(split.train_idx), test=len(split.test_idx)))
        for note in ss[state.LINK_APPLIED]:
            st.info(note, icon=":material/link:")
        with st.expander(tr("side.share"), icon=":material/share:"):
            st.caption(tr("side.share_help"))
            st.code("?" + query_string(state.current_setup(ss, ctx)), language=None, wrap_lines=True)

    ss[state.CONTEXT] = ctx
    return ctx


def navigation(tr):
    """The pages, titled in the session's language."""
    pages = [
        st.Page(PAGES / "data.py", title=tr("nav.data"), icon=":material/dataset:", url_path="data", default=True),
        st.Page(PAGES / "models.py", title=tr("nav.models"), icon=":material/tune:", url_path="models"),
        st.Page(PAGES / "train.py", title=tr("nav.train"), icon=":material/model_training:", url_path="train"),
        st.Page(PAGES / "compare.py", title=tr("nav.compare"), icon=":material/compare:", url_path="compare"),
        st.Page(PAGES / "lab.py", title=tr("nav.lab"), icon=":material/science:", url_path="lab"),
    ]
    return st.navigation(pages)


def page_context() -> state.AppContext:
    """What every page calls first: the context this run's entry script built, or a new one."""
    if ss.pop(state.FROM_ENTRY, False):
        return ss[state.CONTEXT]
    # Streamlit ran the page without the entry script: draw what the entry would have.
    configure_page()
    ctx = sidebar()
    navigation(translator(ctx.lang))
    return ctx


def configure_page():
    st.set_page_config(page_title="RNN vs CNN · UCF11", page_icon=":material/directions_run:", layout="wide")


def run_app():
    """The entry script's whole job: configure, draw the sidebar, route to the chosen page."""
    configure_page()
    ctx = sidebar()
    page = navigation(translator(ctx.lang))
    ss[state.FROM_ENTRY] = True
    page.run()
