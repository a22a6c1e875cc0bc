"""The Data page's UCF11 download: one per server in the background (dashboard/download_job.py), its progress
for every session while it runs, and for the sessions that clicked, the new data set selected or why it failed."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.download_job import DownloadJob, running_download, start_download
from har.data.download import store_ready
from har.errors import HarError
from har.i18n import translator
from har.paths import ucf11_store

POLL_SECONDS = 1.0


def collect_download(ss: MutableMapping) -> None:
    """Once this session's download has finished, on whatever page: select UCF11 and keep its md5 to show.
    Call before the sidebar draws its data set choice."""
    mine: DownloadJob | None = ss.get(state.DOWNLOAD_JOB)
    if mine is not None and mine.status == "finished":
        del ss[state.DOWNLOAD_JOB]
        ss[state.DOWNLOAD_NOTE] = mine.md5
        ss[state.PENDING_SOURCE] = "ucf11"


def download_section(ss: MutableMapping, lang: str) -> None:
    """The button, the running download's progress, the outcome of this session's download."""
    tr = translator(lang)
    mine: DownloadJob | None = ss.get(state.DOWNLOAD_JOB)
    if state.DOWNLOAD_NOTE in ss:
        st.success(tr("data.download_ok", md5=ss[state.DOWNLOAD_NOTE]), icon=":material/verified:")
    try:
        ready = store_ready(ucf11_store())
    except HarError:  # no data folder to download into; the sidebar says why
        return
    if ready:
        st.info(tr("data.ucf11_ready"), icon=":material/check_circle:")
        return
    running = running_download()
    if running is None or running is not mine:
        st.button(
            tr("data.download"),
            on_click=join,
            args=(ss,),
            help=tr("data.download_help"),
            icon=":material/download:",
            key=state.DOWNLOAD_BUTTON,
        )
    if running is not None:
        st.fragment(progress_view, run_every=POLL_SECONDS)(running, lang)
    elif mine is not None and mine.status == "failed":
        st.error(tr("data.download_failed", msg=mine.failure), icon=":material/error:")


def join(ss: MutableMapping) -> None:
    """Start the server's download, or join the one running (a button callback)."""
    ss[state.DOWNLOAD_JOB] = start_download()


def progress_view(job: DownloadJob, lang: str) -> None:
    tr = translator(lang)
    if job.done:
        st.rerun(scope="app")  # the page shows the outcome and stops polling
    done, total = job.progress()
    if total:
        st.progress(min(1.0, done / total), text=tr("data.download_progress", done=done / 1e6, total=total / 1e6))
    else:
        st.progress(0.0, text=tr("data.download_start"))
    st.caption(tr("data.download_shared"))
