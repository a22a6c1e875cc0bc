"""Lab page: the exercise's questions answered with evidence (seeds, size, pooling, frame order, leakage),
the clips behind a confusion cell, a shareable link, and saved weights. Studies run in a
har.lab.job.StudyJob that this page only starts, polls (dashboard/polling.py) and stops."""

import streamlit as st

from dashboard import state, uploads
from dashboard.app import page_context
from dashboard.lab_results import saved_models, show_failures, show_result
from dashboard.links import app_address, share_link
from dashboard.polling import Drawn, poll_every
from dashboard.sessions import stop_when_session_ends
from dashboard.settings import model_configs, train_config
from har import lab
from har.errors import HarError
from har.i18n import translator
from har.lab.job import StudyJob
from har.share import SETUPS

SECTIONS = (*lab.STUDIES, "failures", "share", "weights")

ss = st.session_state
ctx = page_context()
tr = translator(ctx.lang)
models, train = model_configs(ss), train_config(ss, ctx.device)


def studies_done(job: StudyJob) -> int:
    return len(job.study.results)


def progress_view(name: str, job: StudyJob, drawn: Drawn) -> None:
    """The part that polls: place in line or progress, and Stop. It reruns the whole page when the
    result below is out of date (see dashboard.polling)."""
    if drawn.stale(job, studies_done(job)):
        st.rerun(scope="app")
    if job.status == "queued":
        st.info(tr("lab.page.queued", position=job.queue_position() or 1), icon=":material/hourglass_top:")
    elif not job.done:
        st.progress(
            job.fraction, text=tr("lab.page.progress", pct=f"{job.fraction:.0%}", seconds=f"{job.elapsed():.0f}")
        )
    if not job.done:
        st.button(tr("lab.page.stop"), on_click=job.stop, key=f"lab_stop_{name}", icon=":material/stop:")


def live(name: str) -> None:
    job = ss[state.LAB_JOBS].get(name)
    if job is None:
        return
    if job.done:
        job.collected = True  # this run draws its outcome: the polling view stops asking for reruns
    st.fragment(progress_view, run_every=poll_every(job))(name, job, Drawn(job, studies_done(job)))
    if job.error:
        st.error(job.error_message(ctx.lang), icon=":material/error:")
    elif job.status == "stopped":
        st.info(tr("lab.stopped", done=len(job.study.results), total=len(job.study.jobs)))
    if job.result() is not None:
        show_result(ss, name, job, ctx.lang)


def study_section(name: str) -> None:
    st.caption(tr(f"lab.page.{name}.intro"))
    if name == "order":
        order_note()
    if name == "seeds":
        st.slider(tr("lab.page.seeds"), 2, 10, 5, key=state.LAB_SEEDS, help=tr("lab.page.seeds_help"))
    if name == "sweep":
        st.multiselect(
            tr("lab.page.sizes"),
            (4, 8, 16, 32, 64, 128, 256),
            default=[8, 16, 32, 64, 128],
            key=state.LAB_SIZES,
            help=tr("lab.page.sizes_help"),
        )
    running = any(not j.done for j in ss[state.LAB_JOBS].values())
    if st.button(
        tr("lab.page.start"), type="primary", disabled=running, key=f"lab_start_{name}", icon=":material/play_arrow:"
    ):
        try:
            study = lab.make_study(
                name,
                ctx.data,
                ctx.split,
                models,
                train,
                seeds=int(ss.get(state.LAB_SEEDS, 5)),
                hidden=ss.get(state.LAB_SIZES, lab.HIDDEN_SIZES),
                split_seed=ctx.split_seed,
                test_fraction=ctx.split.test_fraction,
            )
            ss[state.LAB_JOBS][name] = StudyJob(study).start()
            stop_when_session_ends(ss[state.LAB_JOBS][name])  # a closed tab frees its slot
            running = True
        except HarError as e:
            st.error(uploads.plain(e.message(ctx.lang)), icon=":material/error:")
        except ValueError as e:
            st.error(uploads.plain(str(e)), icon=":material/error:")
    live(name)


def use_group_split() -> None:
    ss[state.SPLIT] = "group"  # a callback: the sidebar draws its split control from this on the rerun


def order_note() -> None:
    """On a random split the backgrounds give the class away: the order probe must run on a group split."""
    if ctx.split.kind == "random" and ctx.data.n_groups < ctx.data.n:
        st.warning(tr("lab.order.random_note"), icon=":material/warning:")
        st.button(
            tr("lab.order.use_group"), on_click=use_group_split, key="lab_use_group", icon=":material/group_work:"
        )


def share_section() -> None:
    st.caption(tr("lab.page.share.intro"))
    st.code(share_link(ss, ctx), language=None, wrap_lines=True)
    for name in SETUPS:
        st.markdown(f"**{name}** — {tr(f'lab.setup.{name}')}  \n`{app_address()}?preset={name}`")


st.title(tr("lab.page.title"))
st.caption(tr("lab.page.intro"))
section = (
    st.segmented_control(
        tr("lab.page.question"),
        SECTIONS,
        key=state.LAB_STUDY,
        default="seeds",
        format_func=lambda s: tr(f"lab.page.{s}.name"),
    )
    or "seeds"
)
st.subheader(tr(f"lab.page.{section}.name"))
if section in lab.STUDIES:
    study_section(section)
elif section == "failures":
    show_failures(ss, ctx)
elif section == "share":
    share_section()
else:
    saved_models(ss, ctx)
