"""How the Lab page draws results: a finished study (figures, verdict, downloads), the clips behind a
confusion cell of a run in the history, and the scores of an uploaded weights file."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.charts import chart, dark_page
from dashboard.context import AppContext
from dashboard.markup import plain
from har import lab, plots
from har.errors import HarError
from har.i18n import translator
from har.lab import figures
from har.lab.discuss import discuss_run, discuss_seeds
from har.lab.job import StudyJob
from har.weights import evaluate_weights, load_weights, named_clips


def show_result(ss: MutableMapping, name: str, job: StudyJob, lang: str) -> None:
    """Draw the result of the study `name` ("seeds", "sweep", "pooling", "order" or "leakage") that `job` ran."""
    tr, result, dark = translator(lang), job.result(), dark_page()
    if name == "seeds":
        st.radio(
            tr("lab.page.curve"),
            ("test_acc", "train_acc", "test_loss", "train_loss"),
            key=state.LAB_CURVE,
            horizontal=True,
            format_func=lambda m: tr(f"lab.fig.seeds.{m}"),
        )
        chart(figures.seeds_curves(result, ss.get(state.LAB_CURVE, "test_acc"), lang, dark=dark), "lab_seeds_fig")
        st.write(discuss_seeds(result, lang))
    elif name == "sweep":
        chart(figures.sweep_scatter(result, lang, dark=dark), "lab_sweep_fig")
        st.write(result.verdict(lang))
    elif name == "pooling":
        chart(figures.pooling_bars(result, lang, dark=dark), "lab_pooling_fig")
    elif name == "order":
        chart(figures.order_bars(result, lang, dark=dark), "lab_order_fig")
        view = st.radio(
            tr("lab.page.order_view"),
            ("shuffled", "reversed"),
            key=state.LAB_ORDER_VIEW,
            horizontal=True,
            format_func=lambda c: tr(f"lab.col.{c}"),
        )
        chart(figures.order_class_drop(result, view, lang, dark=dark), "lab_order_class_fig")
        st.write(result.verdict(lang))
        weights = job.weights()
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
        chart(figures.leakage_bars(result, lang, dark=dark), "lab_leakage_fig")
        st.write(result.verdict(lang))


def show_failures(ss: MutableMapping, ctx: AppContext) -> None:
    """Pick a run of the history, a model and a confusion cell (true, predicted): list and show its clips."""
    tr = translator(ctx.lang)
    runs = ss.get(state.RUNS, {})
    if not runs:
        st.info(tr("lab.page.no_runs"), icon=":material/info:")
        return
    run_id = st.selectbox(tr("lab.page.run"), list(runs)[::-1], key=state.LAB_FAIL_RUN)
    record = runs[run_id]
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
        st.error(plain(e.message(ctx.lang)), icon=":material/error:")
        return
    # class names are user text: st.text, never markdown
    st.text(tr("lab.cli.failures", n=len(items), true=true, pred=pred, model=model.upper()))
    if items:
        st.dataframe([{tr("lab.col.key"): i["key"], tr("lab.col.index"): i["index"]} for i in items], hide_index=True)
        chosen = st.selectbox(tr("lab.col.key"), [i["key"] for i in items], key=state.LAB_FAIL_CLIP)
        try:
            clip = lab.clip(ctx.data, next(i for i in items if i["key"] == chosen))
            chart(plots.clip_heatmap(clip, ctx.lang, dark=dark_page()), "lab_fail_heatmap")
        except HarError as e:
            st.warning(plain(e.message(ctx.lang)), icon=":material/warning:")


def saved_models(ss: MutableMapping, ctx: AppContext) -> None:
    """Score an uploaded weights file on the test clips saved with it (or, asked, on the sidebar split's).

    Clips the models trained on are refused unless the viewer allows them, and then the score is
    labelled as not a test accuracy; weights trained on other data are refused.
    """
    tr = translator(ctx.lang)
    st.caption(tr("lab.page.weights.intro"))
    file = st.file_uploader(tr("lab.page.upload_weights"), type=["pt"], key=state.LAB_WEIGHTS_UPLOAD)
    if file is None:
        return
    on = st.radio(
        tr("weights.on"),
        ("test", "split"),
        key=state.LAB_WEIGHTS_ON,
        horizontal=True,
        format_func=lambda o: tr(f"weights.on.{o}"),
    )
    allow = st.toggle(tr("weights.allow"), key=state.LAB_WEIGHTS_OVERLAP, help=tr("weights.allow_help"))
    try:
        bundle = load_weights(file.getvalue(), name=file.name)
        clips = named_clips(on, ctx.data, ctx.split)
        out = evaluate_weights(bundle, ctx.data, clips, ctx.lang, allow_overlap=allow)
    except HarError as e:
        st.error(plain(e.message(ctx.lang)), icon=":material/error:")
        return
    st.caption(tr("weights.evaluated", split=bundle.split.describe(ctx.lang), n=out["n"]))
    if "warning" in out:
        st.error(out["warning"], icon=":material/warning:")
    column = tr("lab.col.accuracy") if out["test_accuracy"] else tr("weights.col.not_test")
    st.dataframe(
        [{tr("lab.col.model"): n.upper(), column: f"{m['acc']:.1%}"} for n, m in out["models"].items()],
        hide_index=True,
    )
    for note in out["notes"]:
        st.caption(note)
