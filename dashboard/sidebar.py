"""The controls every page shares (language, data, split, seed, device, share link) and the data set they load.

The data set is loaded once per server (st.cache_resource) and shared read-only by every session.
"""

from __future__ import annotations

import os

import streamlit as st

from dashboard import keeping, lab_keep, projector, recall, state, warm
from dashboard.context import AppContext
from dashboard.download import collect_download
from dashboard.history import collect_job
from dashboard.links import apply_link, carries_setup, initial_lang, note_markdown, share_box
from dashboard.markup import plain
from dashboard.widgets import draw
from har.data import load_dataset, make_split
from har.data.demo import cached_demo
from har.data.download import store_ready
from har.errors import HarError
from har.i18n import languages, translator
from har.paths import data_dir, ucf11_store
from har.slots import slot

ss = st.session_state


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
    return cached_demo(scale=scale, cache_dir=data_folder()) if source == "demo" else load_dataset(source)


def data_folder():
    """The data folder, or None when it cannot be made: the demo is then generated without its cache, and
    the real data is not offered (the sidebar says why in one sentence)."""
    try:
        return data_dir()
    except HarError:
        return None


def ucf11_ready(lang: str) -> bool:
    """True when the course's store is downloaded; a data folder that cannot be made is said in the sidebar."""
    try:
        return store_ready(ucf11_store())
    except HarError as e:
        st.sidebar.error(plain(e.message(lang)), icon=":material/error:")
        return False


def device_choices(chosen: str) -> list[str]:
    """auto and cpu, and cuda once the warm-up has seen a CUDA device (a fresh server's first page
    does not wait for torch to load, unless a shared link asks for cuda)."""
    cuda = warm.cuda_available(wait=chosen == "cuda")
    return ["auto", "cpu"] + (["cuda"] if cuda else [])


def sync_lang_to_url():
    st.query_params["lang"] = ss[state.LANG]


def session_lang() -> str:
    """The session's language, chosen on its first run (see dashboard.links.initial_lang)."""
    if state.LANG not in ss:
        ss[state.LANG] = initial_lang()
    return ss[state.LANG]


def sidebar() -> AppContext:
    """Draw the shared controls, load the data and split, and store the context for the page."""
    session_lang()
    state.init(ss)
    if state.LINK_APPLIED not in ss:
        ss[state.LINK_APPLIED] = apply_link(ss)
    keeping.session_start(ss)  # the browser's runs and training, from the run store
    lab_keep.adopt(ss)  # and the lab study it is running, if any
    recall.restore(ss, linked_setup=carries_setup())  # and its last settings, unless a link set them
    collect_job(ss)
    collect_download(ss)
    if state.PENDING_SOURCE in ss:
        ss[state.SOURCE] = ss.pop(state.PENDING_SOURCE)
    lang = ss[state.LANG]
    tr = translator(lang)

    sources = ["demo"] + (["ucf11"] if ucf11_ready(lang) else []) + (["upload"] if state.UPLOADED in ss else [])
    if ss.get(state.SOURCE) not in sources:
        ss[state.SOURCE] = "demo"
    devices = device_choices(ss[state.DEVICE])

    # Bound settings (dashboard.widgets.bind) keep their values when a page draws this sidebar itself.
    with st.sidebar:
        draw(ss, slot("lang"), tr, format_func=languages().get, on_change=sync_lang_to_url)
        draw(ss, slot("data"), tr, options=sources)
        draw(ss, slot("split"), tr)
        draw(ss, slot("split_seed"), tr)
        draw(ss, slot("test_fraction"), tr)
        draw(ss, slot("device", "train"), tr, options=devices)
        projector.switch(ss, lang)

    source = ss[state.SOURCE]
    try:
        if source == "upload":
            data = ss[state.UPLOADED]
        else:
            data = shared_dataset(source, demo_scale(), "" if source == "demo" else str(data_folder()))
    except HarError as e:
        st.sidebar.error(tr("side.load_failed", msg=e.message(lang)))
        source, data = "demo", shared_dataset("demo", demo_scale(), "")
    fraction = float(ss[state.TEST_FRACTION])
    try:
        split = make_split(data, ss[state.SPLIT], test_fraction=fraction, seed=int(ss[state.SPLIT_SEED]))
    except (HarError, ValueError) as e:  # e.g. a data set too small for a group split
        st.sidebar.error(tr("side.split_failed", msg=e.message(lang) if isinstance(e, HarError) else str(e)))
        split = make_split(data, "random", test_fraction=fraction, seed=int(ss[state.SPLIT_SEED]))
    ctx = AppContext(
        lang=lang, data=data, source=source, split=split, split_seed=int(ss[state.SPLIT_SEED]), device=ss[state.DEVICE]
    )
    with st.sidebar:
        st.caption(tr("side.summary", train=len(split.train_idx), test=len(split.test_idx)))
        if ss.get(state.SETUP_RESTORED):
            st.caption(f":material/history: {tr('side.setup_restored')}")
        for note in ss[state.LINK_APPLIED]:  # it quotes the link's values: shown as typed, never as markup
            st.info(note_markdown(note, lang), icon=":material/link:")
        with st.expander(tr("side.share"), icon=":material/share:"):
            share_box(ss, ctx)

    recall.save(ss, ctx)  # every change reaches a full run here first (widgets and buttons change settings in
    # callbacks, before the run), so the browser's next visit opens on what this run shows
    ss[state.CONTEXT] = ctx
    return ctx
