"""Train page: train the RNN and the CNN on the same split, curves streaming in, stoppable.

The training runs in a har.jobs.TrainingJob that this page only starts and polls, so switching
page or moving a slider never interrupts it; only a small status view polls (dashboard/polling.py).
"""

import streamlit as st

from dashboard import keeping, projector, server, state
from dashboard.app import page_context
from dashboard.charts import chart, dark_page
from dashboard.exports import weights_button
from dashboard.live import live_figures
from dashboard.polling import Drawn, poll_every
from dashboard.settings import model_configs, train_config
from dashboard.widgets import draw
from har import jobs
from har.errors import HarError
from har.i18n import render, translator
from har.params import count_params
from har.slots import section_slots
from har.train import resolve_device

ENDED_KEYS = {"diverged": "train.diverged", "failed": "train.failed"}  # what a training that did not finish says

ss = st.session_state
ctx = page_context()
tr = translator(ctx.lang)


def start_training(fresh: bool = False) -> None:
    """The Train button's callback, run before the page is drawn (so a press costs one script run): start
    a job with the models, data and settings the student saw (or join or serve the same setup's, unless
    `fresh`); keep why it could not start, to show it."""
    try:
        resolve_device(ctx.device)
        job = jobs.TrainingJob(
            data=ctx.data,
            split=ctx.split,
            models=model_configs(ss),
            train=train_config(ss, ctx.device),
            source=ctx.source,
            split_seed=ctx.split_seed,
            test_fraction=ctx.split.test_fraction,
            limiter=server.LIMITER,
        )
        keeping.start(ss, job, fresh=fresh)  # a closed tab frees its slot once nobody else follows it
    except HarError as e:
        ss[state.START_PROBLEM] = e.message(ctx.lang)
    except ValueError as e:
        ss[state.START_PROBLEM] = str(e)


big = ss.get(state.PROJECTOR)  # the projector view: the race, its tiles, Train and Stop; no settings
job = ss.get(state.JOB)
running = job is not None and not job.done
counts = {name: count_params(cfg, **ctx.shape) for name, cfg in model_configs(ss).items()}
where = st
if big:  # one row of tiles with Train both at its end, so the race fits a 1280x720 projector
    *tiles, where = st.columns([1, 1, 1, 1, 1.1], vertical_alignment="center")
    projector.tiles(projector.final_accs(job.snapshot()) if job else {}, counts, ctx.lang, tiles)
else:
    st.title(tr("train.title"))
    st.caption(tr("train.intro"))
    shown = [s for s in section_slots("train") if s.name != "device"]  # the device is the sidebar's
    for column, setting in zip(st.columns(len(shown)), shown, strict=True):
        draw(ss, setting, tr, where=column)
    sizes = {"train": len(ctx.split.train_idx), "test": len(ctx.split.test_idx)}
    st.caption(tr("train.models_line", **counts, **sizes))
    if ctx.source == "demo":
        st.caption(tr("train.demo_split"))
where.button(
    tr("train.start"),
    type="primary",
    disabled=running,
    on_click=start_training,
    help=tr("train.start_help"),
    icon=":material/play_arrow:",
    key=state.START_BUTTON,
    shortcut=projector.TRAIN_KEYS[bool(big)],
)
if state.START_PROBLEM in ss:
    st.error(tr("train.cannot_start", msg=ss.pop(state.START_PROBLEM)), icon=":material/error:")
if state.STORE_PROBLEM in ss:
    st.warning(tr("store.not_kept", msg=render(ss[state.STORE_PROBLEM], ctx.lang)), icon=":material/warning:")
note_for, note = ss.get(state.JOB_NOTE, (None, None))
if note is not None and note_for in ("", getattr(job, "id", "")):
    st.info(render(note, ctx.lang), icon=":material/info:")
    if note_for:
        st.button(
            tr("store.fresh"),
            on_click=start_training,
            args=(True,),
            disabled=running,
            help=tr("store.fresh_help"),
            key=state.FRESH_BUTTON,
        )


def status_line(job: jobs.TrainingJob):
    done, total = job.progress()
    if job.status == "queued":
        st.info(
            tr("train.queued", position=job.queue_position() or 1, slots=job.limiter.slots),
            icon=":material/hourglass_top:",
        )
    elif job.status == "running":
        label = (
            tr("train.stopping")
            if job.stop_event.is_set()
            else tr("train.progress", epoch=done, epochs=total, seconds=job.elapsed())
        )
        st.progress(done / total, text=label)
    elif job.status == "finished":
        st.success(tr("train.finished", epochs=done, seconds=job.elapsed()), icon=":material/check_circle:")
    elif job.status == "stopped":
        st.warning(tr("train.stopped", epochs=done), icon=":material/stop_circle:")
    else:
        st.error(tr(ENDED_KEYS[job.status], msg=job.failure), icon=":material/error:")


def status_view(job: jobs.TrainingJob, drawn: Drawn):
    """The part that polls: the status line and Stop (a few hundred bytes a poll). It reruns the
    whole page when the figures below are out of date (see dashboard.polling)."""
    projected = ss.get(state.PROJECTOR)
    status, stop = st.columns([5, 1], vertical_alignment="center") if projected else (st.container(), st)
    with status:
        status_line(job)  # first: the end shows from the poll that sees it, even if the rerun below is cut short
    if drawn.rerun_now(job, job.epoch_counts()):
        st.rerun(scope="app")  # the whole script files a finished run into the history and stops polling
    if not projected:  # the projector shows the race, not files to fetch: its end line and curves fit
        weights_button(ss, ss[state.JOB_RUNS].get(job.id, job.id), ctx.lang, "train_download_weights")
    if not job.done:
        stop.button(
            tr("train.stop"),
            on_click=keeping.stop,
            args=(ss, job),
            disabled=job.stop_event.is_set(),
            help=tr("train.stop_help"),
            icon=":material/stop:",
            key=state.STOP_BUTTON,
            shortcut=projector.STOP_KEYS[bool(projected)],
        )


def live_view():
    job = ss.get(state.JOB)
    if job is None:
        st.info(tr("train.none_yet"))
        return
    drawn = Drawn(job, job.epoch_counts())  # read before the figures: an epoch arriving meanwhile is drawn next
    # Built first, so they follow the status at once; none before the first epoch (empty axes would cost
    # every waiting student's tab a chart to draw).
    curves, confusion = live_figures(ss, job, ctx.lang, dark_page()) if any(drawn.progress) else (None, None)
    st.fragment(status_view, run_every=poll_every(job, drawn))(job, drawn)
    if curves is not None:
        chart(curves, "train_curves")
    if confusion is not None and not ss.get(state.PROJECTOR):  # the projector shows the race; Compare, the matrices
        st.subheader(tr("train.confusion_header"))
        st.caption(tr("train.confusion_intro"))
        chart(confusion, "train_confusion")


live_view()
