"""Compare page: one run's confusion matrices and per-class accuracy, the run history, downloads, upload."""

import streamlit as st

from dashboard import keeping, projector, state, uploads
from dashboard.app import page_context
from dashboard.charts import chart, dark_page
from dashboard.exports import run_downloads
from dashboard.history import add_upload
from dashboard.markup import plain
from dashboard.replay import epoch_replay
from dashboard.widgets import bind
from har import plots, tables
from har.errors import HarError
from har.i18n import render, translator

ss = st.session_state
ctx = page_context()
tr, dark = translator(ctx.lang), dark_page()
METRICS = ("test_acc", "train_acc", "test_loss", "train_loss")
STATUS_KEYS = {
    "running": "compare.status.running",
    "finished": "compare.status.finished",
    "stopped": "compare.status.stopped",
    "diverged": "compare.status.diverged",
}


def on_run_upload():
    file = ss[state.RUN_UPLOADER]
    if file is None:
        return
    try:
        add_upload(ss, uploads.run_from_upload(file.name, file.size, file.getvalue))
    except HarError as e:
        ss[state.RUN_UPLOAD_ERROR] = e.sentence  # the history is untouched
        return
    ss.pop(state.RUN_UPLOAD_ERROR, None)


def table(rows: list[dict]):
    """A table with thousands separators in the parameter columns (the browser's locale decides how)."""
    counts = {
        c: st.column_config.NumberColumn(format="localized")
        for c in (rows[0] if rows else {})
        if tr("table.params") in c
    }
    st.dataframe(rows, hide_index=True, column_config=counts)


def describe(run_id: str) -> str:
    r = ss[state.RUNS][run_id]
    status = tr(STATUS_KEYS[r.status]) if r.status in STATUS_KEYS else str(r.status)
    label = tr("compare.run_label", id=run_id, created=r.created, status=status, epochs=r.epochs())
    return tr("compare.uploaded_label", label=label) if run_id in ss.get(state.UPLOADED_RUNS, ()) else label


st.title(tr("compare.title"))
big = ss.get(state.PROJECTOR)  # the projector view: the chosen run's tiles and matrices, nothing to operate
if not big:
    with st.expander(tr("compare.upload_header"), expanded=state.RUN_UPLOAD_ERROR in ss):
        st.file_uploader(
            tr("compare.upload"),
            type=["json"],
            key=state.RUN_UPLOADER,
            on_change=on_run_upload,
            help=tr("compare.upload_help", mb=uploads.RUN_MAX_MB),
        )
if state.RUN_UPLOAD_ERROR in ss:
    st.error(
        tr("compare.upload_rejected", msg=plain(render(ss[state.RUN_UPLOAD_ERROR], ctx.lang))),
        icon=":material/error:",
    )


def forget_box():
    """Forget my runs on this server: every run this browser keeps there, and this page's history, go."""
    if state.FORGET_NOTE in ss:
        kind, message = ss.pop(state.FORGET_NOTE)
        (st.success if kind == "success" else st.error)(render(message, ctx.lang))
    if keeping.holds_anything(ss):
        st.button(
            tr("store.forget"),
            on_click=keeping.forget,
            args=(ss,),
            help=tr("store.forget_help"),
            icon=":material/delete:",
            key=state.FORGET_BUTTON,
        )


ids = list(ss[state.RUNS])[::-1]  # newest first
if not ids:
    st.info(tr("compare.empty"), icon=":material/info:")
else:
    labels = {i: describe(i) for i in ids}  # a plain dict: format_func may run outside this script run
    if ss.get(state.SELECTED_RUN) not in ids:
        ss[state.SELECTED_RUN] = ids[0]
    if not big:  # the projector shows the run chosen here before
        bind(
            ss,
            st.selectbox,
            tr("compare.run"),
            state.SELECTED_RUN,
            ids,
            format_func=labels.get,
            help=tr("compare.run_help"),
        )
    record = ss[state.RUNS][ss[state.SELECTED_RUN]]
    if record.config.data == "demo":
        st.caption(tr("compare.demo_split"))
    elif record.dataset.synthetic:
        st.caption(tr("compare.synthetic_run"))
    if big:
        projector.tiles(projector.final_accs(record), {n: m.params for n, m in record.models.items()}, ctx.lang)
    else:
        table(tables.run_summary(record, ctx.lang))
        st.caption(tr("compare.optimistic"))

    if big:
        normalized = ss[state.NORMALIZE]
    else:
        st.subheader(tr("compare.confusion_header"))
        normalized = bind(ss, st.toggle, tr("compare.normalize"), state.NORMALIZE, help=tr("compare.normalize_help"))
        st.caption(tr("compare.confusion_intro"))
    chart(plots.confusion_matrices(record, normalized, ctx.lang, dark=dark), "compare_confusion")
    epoch_replay(ss, record, normalized, ctx.lang)
    chart(plots.per_class_accuracy(record, ctx.lang, dark=dark), "compare_per_class")
    if big:
        st.stop()
    run_downloads(ss, record, ctx.lang)

    st.subheader(tr("compare.history_header"))
    records = [ss[state.RUNS][i] for i in ids]
    table(tables.history_rows(records, ctx.lang))
    st.download_button(
        tr("compare.download_history"),
        tables.history_csv(records, ctx.lang),
        file_name="runs.csv",
        mime="text/csv",
        help=tr("compare.download_history_help"),
        icon=":material/table:",
        key=state.DOWNLOAD_HISTORY,
    )

    ss[state.OVERLAY_RUNS] = [i for i in ss.get(state.OVERLAY_RUNS, ids[:2]) if i in ids]
    chosen = bind(
        ss,
        st.multiselect,
        tr("compare.overlay"),
        state.OVERLAY_RUNS,
        ids,
        format_func=labels.get,
        help=tr("compare.overlay_help"),
    )
    metric = st.radio(
        tr("compare.metric"),
        METRICS,
        horizontal=True,
        key=state.OVERLAY_METRIC,
        format_func=lambda m: tr(plots.METRIC_KEYS[m]),
        help=tr("compare.metric_help"),
    )
    if chosen:
        chart(plots.overlay_runs([ss[state.RUNS][i] for i in chosen], metric, ctx.lang, dark=dark), "overlay")
forget_box()
