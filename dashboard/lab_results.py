"""How the Lab page draws results: any finished study of har.lab.registry (its figures, paragraph, tables and
downloads, as the study declares them), the clips behind a confusion cell of a run in the history, and the
scores of an uploaded weights file."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.charts import chart, dark_page
from dashboard.context import AppContext
from dashboard.markup import plain
from har import lab, plots
from har.errors import HarError
from har.i18n import render, translator
from har.lab.core import Study, Table
from har.lab.discuss import discuss_run
from har.lab.job import StudyJob
from har.messages import Message
from har.weights import evaluate_weights, load_weights, named_clips

ON_KEYS = {"test": "weights.on.test", "split": "weights.on.split"}  # which clips saved models are scored on


def show_result(study: type[Study], job: StudyJob, lang: str) -> None:
    """Draw what `study`'s `job` found: the controls above its figures, the figures, its paragraph, its tables,
    and its trained models as a download when it kept them."""
    tr, result, dark = translator(lang), job.result(), dark_page()
    chosen = {}
    for c in study.choices:
        chosen[c.name] = st.radio(
            tr(c.label),
            tuple(c.options),
            key=state.lab_key(study.name, c.name),
            horizontal=True,
            format_func=lambda value, c=c: tr(c.options[value]),
        )
    for key, fig in study.figures(result, lambda m: render(m, lang), dark=dark, **chosen).items():
        chart(fig, f"lab_{study.name}_{key}")
    closing = study.discussion(result) or study.verdict(result)
    if closing:
        st.write(" ".join(render(m, lang) for m in closing))
    for table in study.tables(result):
        show_table(table, lang)
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


def show_table(table: Table, lang: str) -> None:
    """A study's table as a dataframe, with its title and note as captions."""
    if table.title is not None:
        st.caption(render(table.title, lang))
    headers = _unique([_text(h, lang) for h in table.headers])
    st.dataframe(
        [dict(zip(headers, (_text(c, lang) for c in row), strict=True)) for row in table.rows], hide_index=True
    )
    if table.note is not None:
        st.caption(render(table.note, lang))


def _text(value, lang: str) -> str:
    return render(value, lang) if isinstance(value, Message) else str(value)


def _unique(headers: list[str]) -> list[str]:
    """Arrow refuses two columns of one name (the order table has a "p" after each drop): a repeated header
    gets zero-width spaces, so it still reads the same."""
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        seen[h] = seen.get(h, -1) + 1
        out.append(h + "\u200b" * seen[h])
    return out


def show_failures(ss: MutableMapping, ctx: AppContext) -> None:
    """Pick a run of the history, a model and a confusion cell (true, predicted): list and show its clips."""
    tr = translator(ctx.lang)
    runs = ss.get(state.RUNS, {})
    if not runs:
        st.info(tr("lab.page.no_runs"), icon=":material/info:")
        return
    run_id = st.selectbox(tr("lab.page.run"), list(runs)[::-1], key=state.LAB_FAIL_RUN)
    record = runs[run_id]
    st.write(" ".join(render(m, ctx.lang) for m in discuss_run(record)))
    names = list(record.class_names)
    c = st.columns(3)
    model = c[0].radio(
        tr("lab.col.model"), list(record.models), key=state.LAB_FAIL_MODEL, format_func=str.upper, horizontal=True
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
        format_func=lambda o: tr(ON_KEYS[o]),
    )
    allow = st.toggle(tr("weights.allow"), key=state.LAB_WEIGHTS_OVERLAP, help=tr("weights.allow_help"))
    try:
        bundle = load_weights(file.getvalue(), name=file.name)
        clips = named_clips(on, ctx.data, ctx.split)
        out = evaluate_weights(bundle, ctx.data, clips, allow_overlap=allow)
    except HarError as e:
        st.error(plain(e.message(ctx.lang)), icon=":material/error:")
        return
    st.caption(tr("weights.evaluated", split=render(bundle.split.describe(), ctx.lang), n=out["n"]))
    if "warning" in out:
        st.error(render(out["warning"], ctx.lang), icon=":material/warning:")
    column = tr("lab.col.accuracy") if out["test_accuracy"] else tr("weights.col.not_test")
    st.dataframe(
        [{tr("lab.col.model"): n.upper(), column: f"{m['acc']:.1%}"} for n, m in out["models"].items()],
        hide_index=True,
    )
    for note in out["notes"]:
        st.caption(render(note, ctx.lang))
