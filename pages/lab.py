"""Lab page: the exercise's questions answered with evidence (seeds, size, pooling, time, leakage),
the clips behind a confusion cell, a shareable link, and saved weights. Studies run in a
har.lab.job.StudyJob thread that this page only starts, polls and stops (see har/jobs.py)."""

import streamlit as st

from dashboard import state, uploads
from dashboard.sidebar import page_context
from har import lab, plots
from har.errors import HarError
from har.i18n import translator
from har.lab import figures
from har.lab.discuss import discuss_run, discuss_seeds
from har.lab.job import StudyJob
from har.lab.share import DATA_SOURCES, SETUPS, query_string
from har.train import TrainConfig
from har.weights import evaluate_weights, load_weights

SECTIONS = (*lab.STUDIES, "failures", "share", "weights")
POLL_SECONDS = 1.0

ss = st.session_state
ctx = page_context()
tr = translator(ctx.lang)
models = state.model_configs(ss)
train = TrainConfig(
    epochs=int(ss[state.EPOCHS]),
    lr=float(ss[state.LR]),
    batch_size=int(ss[state.BATCH]),
    seed=int(ss[state.TRAIN_SEED]),
    device=ctx.device,
)


def show_result(name: str, result) -> None:
    if name == "seeds":
        st.radio(
            tr("lab.page.curve"),
            ("test_acc", "train_acc", "test_loss", "train_loss"),
            key=state.LAB_CURVE,
            horizontal=True,
            format_func=lambda m: tr(f"lab.fig.seeds.{m}"),
        )
        st.plotly_chart(
            figures.seeds_curves(result, ss.get(state.LAB_CURVE, "test_acc"), ctx.lang), key="lab_seeds_fig"
        )
        st.write(discuss_seeds(result, ctx.lang))
    elif name == "sweep":
        st.plotly_chart(figures.sweep_scatter(result, ctx.lang), key="lab_sweep_fig")
        st.write(result.verdict(ctx.lang))
    elif name == "pooling":
        st.plotly_chart(figures.pooling_bars(result, ctx.lang), key="lab_pooling_fig")
    elif name == "order":
        st.plotly_chart(figures.order_bars(result, ctx.lang), key="lab_order_fig")
        view = st.radio(
            tr("lab.page.order_view"),
            ("shuffled", "reversed"),
            key=state.LAB_ORDER_VIEW,
            horizontal=True,
            format_func=lambda c: tr(f"lab.col.{c}"),
        )
        st.plotly_chart(figures.order_class_drop(result, view, ctx.lang), key="lab_order_class_fig")
        st.write(result.verdict(ctx.lang))
        weights = ss[state.LAB_JOBS]["order"].weights()
        if weights is not None:
            st.download_button(
                tr("lab.page.download_weights"),
                weights,
                file_name="har-models.pt",
                key="lab_download_weights",
                help=tr("lab.page.download_weights_help"),
                icon=":material/download:",
            )
    else:
        st.plotly_chart(figures.leakage_bars(result, ctx.lang), key="lab_leakage_fig")
        st.write(result.verdict(ctx.lang))


def live(name: str) -> None:
    job = ss[state.LAB_JOBS].get(name)
    if job is None:
        return
    if job.done and not job.collected:
        job.collected = True
        st.rerun(scope="app")  # redraw the whole page once, which also stops the polling
    if job.status == "queued":
        st.info(tr("lab.page.queued", position=job.queue_position() or 1), icon=":material/hourglass_top:")
    elif not job.done:
        st.progress(
            job.fraction, text=tr("lab.page.progress", pct=f"{job.fraction:.0%}", seconds=f"{job.elapsed():.0f}")
        )
    if not job.done:
        st.button(tr("lab.page.stop"), on_click=job.stop, key=f"lab_stop_{name}", icon=":material/stop:")
    elif job.error:
        st.error(job.error_message(ctx.lang), icon=":material/error:")
    elif job.status == "stopped":
        st.info(tr("lab.page.stopped", done=len(job.study.results), total=len(job.study.jobs)))
    result = job.result()
    if result is not None:
        show_result(name, result)


def study_section(name: str) -> None:
    st.caption(tr(f"lab.page.{name}.intro"))
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
            )
            ss[state.LAB_JOBS][name] = StudyJob(study).start()
            running = True
        except HarError as e:
            st.error(uploads.plain(e.message(ctx.lang)), icon=":material/error:")
        except ValueError as e:
            st.error(uploads.plain(str(e)), icon=":material/error:")
    st.fragment(live, run_every=POLL_SECONDS if running else None)(name)


def failures_section() -> None:
    runs_ = ss.get(state.RUNS, {})
    if not runs_:
        st.info(tr("lab.page.no_runs"), icon=":material/info:")
        return
    run_id = st.selectbox(tr("lab.page.run"), list(runs_)[::-1], key=state.LAB_FAIL_RUN)
    record = runs_[run_id]
    st.write(discuss_run(record, ctx.lang))
    names = record["dataset"]["class_names"]
    c = st.columns(3)
    model = c[0].radio(
        tr("lab.col.model"), list(record["models"]), key=state.LAB_FAIL_MODEL, format_func=str.upper, horizontal=True
    )
    true = c[1].selectbox(tr("lab.page.true"), names, key=state.LAB_FAIL_TRUE)
    pred = c[2].selectbox(tr("lab.page.pred"), names, key=state.LAB_FAIL_PRED, index=min(1, len(names) - 1))
    try:
        items = lab.failures(record, model, true, pred)
    except HarError as e:
        st.error(uploads.plain(e.message(ctx.lang)), icon=":material/error:")
        return
    st.text(
        tr("lab.cli.failures", n=len(items), true=true, pred=pred, model=model.upper())
    )  # class names are user text: never markdown
    if items:
        st.dataframe([{tr("lab.col.key"): i["key"], tr("lab.col.index"): i["index"]} for i in items], hide_index=True)
        chosen = st.selectbox(tr("lab.col.key"), [i["key"] for i in items], key=state.LAB_FAIL_CLIP)
        try:
            st.plotly_chart(
                plots.clip_heatmap(lab.clip(ctx.data, next(i for i in items if i["key"] == chosen)), ctx.lang),
                key="lab_fail_heatmap",
            )
        except HarError as e:
            st.warning(uploads.plain(e.message(ctx.lang)), icon=":material/warning:")


def share_section() -> None:
    setup = lab.LabSetup(
        data=ctx.source if ctx.source in DATA_SOURCES else "demo",
        split=ctx.split.kind,
        split_seed=ctx.split_seed,
        rnn=models["rnn"],
        cnn=models["cnn"],
        train=train,
        lang=ctx.lang,
    )
    st.caption(tr("lab.page.share.intro"))
    st.code("?" + query_string(setup), language=None)
    for name in SETUPS:
        st.markdown(f"**{name}** — {tr(f'lab.setup.{name}')}  \n`?preset={name}`")


def weights_section() -> None:
    st.caption(tr("lab.page.weights.intro"))
    file = st.file_uploader(tr("lab.page.upload_weights"), type=["pt"], key=state.LAB_WEIGHTS_UPLOAD)
    if file is None:
        return
    try:
        out = evaluate_weights(load_weights(file.getvalue(), name=file.name), ctx.data, ctx.split.test_idx, ctx.lang)
    except HarError as e:
        st.error(uploads.plain(e.message(ctx.lang)), icon=":material/error:")
        return
    st.dataframe(
        [{tr("lab.col.model"): n.upper(), tr("lab.col.accuracy"): f"{m['acc']:.1%}"} for n, m in out["models"].items()],
        hide_index=True,
    )
    for note in out["notes"]:
        st.caption(note)


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
    failures_section()
elif section == "share":
    share_section()
else:
    weights_section()
