"""How the Lab page runs any study of har.lab.registry: its intro and caution, its options as widgets (derived
from their har.schema declarations, as the command line's flags are), Run, the progress of its har.lab.job.StudyJob
(started, polled through dashboard/polling.py, stopped), and its result (dashboard/lab_results.py)."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import lab_keep, state
from dashboard.context import AppContext
from dashboard.lab_results import show_result
from dashboard.markup import plain
from dashboard.polling import Drawn, poll_every
from har.errors import HarError
from har.i18n import render, translator
from har.lab.core import Caution, Inputs, Study
from har.lab.flags import options_of
from har.lab.job import StudyJob


def study_section(ss: MutableMapping, ctx: AppContext, study: type[Study], models: dict, train) -> None:
    """The section of one study: what it asks, its options, Run, and what its last run found."""
    tr = translator(ctx.lang)
    lab_keep.restore(ss, ctx)  # this browser's kept results, after a reload or a restart
    st.caption(tr(study.intro))
    caution = study.caution(ctx.data, ctx.split)
    if caution is not None:
        show_caution(ss, caution, ctx.lang)
    options = option_widgets(study, ctx.lang)
    jobs = ss[state.LAB_JOBS]
    running = any(not j.done for j in jobs.values())
    start = st.button(
        tr("lab.page.start"),
        type="primary",
        disabled=running,
        key=f"lab_start_{study.name}",
        icon=":material/play_arrow:",
    )
    if start:
        try:
            inputs = Inputs(
                ctx.data, ctx.split, models, train, split_seed=ctx.split_seed, test_fraction=ctx.split.test_fraction
            )
            jobs[study.name] = lab_keep.start(ss, study, inputs, options)  # a closed tab frees its slot
        except HarError as e:
            st.error(plain(e.message(ctx.lang)), icon=":material/error:")
        except ValueError as e:
            st.error(plain(str(e)), icon=":material/error:")
    live(ss, ctx, study)


def option_widgets(study: type[Study], lang: str):
    """One widget per declared option (a slider or number box for a number, a multiselect for several values, a
    radio for a choice), its label from the study and its help from the declaration; the study's Options."""
    tr, values = translator(lang), {}
    for o in options_of(study.Options):
        s, key = o.setting, state.lab_key(study.name, o.name)
        label, help_, w = tr(s.label), tr(s.help), s.widget
        if w is not None and w.kind == "multi":
            picked = st.multiselect(label, w.options, default=list(o.default), key=key, help=help_)
            values[o.name] = tuple(picked)
        elif s.choices is not None:
            values[o.name] = st.radio(label, s.choices, index=s.choices.index(o.default), key=key, help=help_)
        elif w is not None and w.kind == "slider":
            values[o.name] = st.slider(label, o.kind(w.low), o.kind(w.high), o.default, key=key, help=help_)
        else:
            low, high = s.bounds or (None, None)
            values[o.name] = st.number_input(label, low, high, o.default, key=key, help=help_)
    return study.Options(**values)


def show_caution(ss: MutableMapping, caution: Caution, lang: str) -> None:
    st.warning(render(caution.message, lang), icon=":material/warning:")
    if caution.split is not None and caution.fix is not None:
        st.button(
            render(caution.fix, lang),
            on_click=use_split,
            args=(ss, caution.split),
            key=f"lab_use_{caution.split}",
            icon=":material/group_work:",
        )


def use_split(ss: MutableMapping, kind: str) -> None:
    ss[state.SPLIT] = kind  # a callback: the sidebar draws its split control from this on the rerun


def studies_done(job: StudyJob) -> int:
    return len(job.study.results)


def progress_view(ctx: AppContext, name: str, job: StudyJob, drawn: Drawn) -> None:
    """The part that polls: place in line or progress, and Stop. It reruns the whole page when the
    result below is out of date (see dashboard.polling)."""
    tr = translator(ctx.lang)
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


def live(ss: MutableMapping, ctx: AppContext, study: type[Study]) -> None:
    job = ss[state.LAB_JOBS].get(study.name)
    if job is None:
        return
    if job.done:
        job.collected = True  # this run draws its outcome: the polling view stops asking for reruns
    drawn = Drawn(job, studies_done(job))
    st.fragment(progress_view, run_every=poll_every(job, drawn))(ctx, study.name, job, drawn)
    if job.kept:
        st.caption(translator(ctx.lang)("lab.page.kept"))
    if job.keep_error is not None:
        msg = render(job.keep_error, ctx.lang)
        st.warning(translator(ctx.lang)("lab.page.not_kept", msg=msg), icon=":material/warning:")
    if job.error:
        st.error(job.error_message(ctx.lang), icon=":material/error:")
    elif job.status == "stopped":
        st.info(translator(ctx.lang)("lab.stopped", done=len(job.study.results), total=len(job.study.trials)))
    if job.result() is not None:
        show_result(study, job, ctx.lang)
