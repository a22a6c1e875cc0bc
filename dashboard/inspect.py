"""The Inside page's first half: which trained models (a run of this session, or an uploaded weights file with its
split), which clip (by class, from a confusion cell, from lists such as "RNN right, CNN wrong"), and Break it:
edits of the clip with both models' class probabilities before and after, answered in one rerun."""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from dashboard import keeping, state
from dashboard.charts import chart, dark_page
from dashboard.context import AppContext
from dashboard.inspect_clips import choose_clip
from dashboard.inspect_views import VIEWS, view_picker
from dashboard.markup import plain
from har import plots
from har.errors import HarError
from har.explain.edits import Edit, apply_edits, mean_frame
from har.explain.families import allowed_edits
from har.explain.figures import probability_bars
from har.explain.probe import EditResponse, probabilities, respond
from har.i18n import render, translator
from har.messages import Message
from har.weights import WeightsBundle, check_data, load_weights

UPLOAD = "upload"  # the source choice "an uploaded weights file"
EDIT_KEYS = {
    "reverse": "inspect.edit.reverse",
    "shuffle": "inspect.edit.shuffle",
    "drop": "inspect.edit.drop",
    "repeat": "inspect.edit.repeat",
    "blank": "inspect.edit.blank",
    "swap": "inspect.edit.swap",
}


@dataclass
class Loaded:
    """Trained models ready to inspect on the session's data, and what is worked out once for them."""

    source: str  # a run id, or "upload:<name>:<digest>"
    bundle: WeightsBundle
    about: Message  # which run or file it is, in one sentence
    test_idx: np.ndarray  # (N,) the saved test clips
    test_probs: dict[str, np.ndarray]  # model -> (N, C) on those clips
    mean: np.ndarray  # (F,) the training clips' mean frame (the "mean" blank and baseline)
    cached: dict = field(default_factory=dict)  # what the views work out once: the map, the class averages

    def predicted(self, name: str) -> np.ndarray:
        return self.test_probs[name].argmax(axis=1)


def trained_models(ss: MutableMapping, run_id: str) -> WeightsBundle | None:
    """The trained models of this browser's run `run_id`: from the run store (dashboard.keeping), or kept in the
    session when the store cannot keep them; None when there are none. The one place the Inside page reads a run's
    models."""
    kept = ss.get(state.RUN_WEIGHTS, {}).get(run_id)
    if not isinstance(kept, bytes):
        stored = keeping.weights(ss, run_id)
        kept = stored() if stored is not None else None
    return load_weights(kept, name=f"run {run_id}") if kept else None


def runs_with_models(ss: MutableMapping) -> list[str]:
    """This browser's runs that kept their trained models (in the run store or the session), newest first."""
    kept = ss.get(state.RUN_WEIGHTS, {})
    ids = dict.fromkeys([*ss.get(state.RUNS, {}), *kept])  # the session's runs, in order, then any kept alone
    return [r for r in reversed(ids) if isinstance(kept.get(r), bytes) or keeping.weights(ss, r) is not None]


def prepare(source: str, bundle: WeightsBundle, about: Message, ctx: AppContext) -> Loaded:
    check_data(bundle, ctx.data)  # the clips, labels and split must be the ones the models trained on
    idx = bundle.split.test_idx
    probs = {name: probabilities(m, ctx.data.X[idx]) for name, m in bundle.models.items()}
    return Loaded(source, bundle, about, idx, probs, mean_frame(ctx.data.X[bundle.split.train_idx]))


def cached(ss: MutableMapping, source: str, make) -> Loaded:
    """The session's Loaded for `source`, made by `make()` the first time (one source kept at a time)."""
    held = ss.get(state.INSPECT_CACHE)
    if held is None or held.source != source:
        held = ss[state.INSPECT_CACHE] = make()
    return held


def choose_models(ss: MutableMapping, ctx: AppContext, tr) -> Loaded | None:
    """The source picker; the Loaded models it names, or None (with the reason drawn)."""
    ids = runs_with_models(ss)
    choices = ids + [UPLOAD]
    if ss.get(state.INSPECT_SOURCE) not in choices:
        ss[state.INSPECT_SOURCE] = choices[0]
    labels = {i: tr("inspect.source.run", id=i) for i in ids} | {UPLOAD: tr("inspect.source.upload")}
    source = st.selectbox(
        tr("inspect.source"), choices, format_func=labels.get, key=state.INSPECT_SOURCE, help=tr("inspect.source_help")
    )
    if not ids:
        st.caption(tr("inspect.no_runs"))
    try:
        return upload_source(ss, ctx, tr) if source == UPLOAD else run_source(ss, ctx, source)
    except HarError as e:
        st.error(plain(e.message(ctx.lang)), icon=":material/error:")
        return None


def run_source(ss: MutableMapping, ctx: AppContext, run_id: str) -> Loaded:
    def make():
        bundle = trained_models(ss, run_id)
        record = ss.get(state.RUNS, {}).get(run_id)
        about = Message(
            "inspect.about.run",
            id=run_id,
            created=record.created if record is not None else "?",
            data=bundle.info.get("data", ctx.data.name),
            split=bundle.split.describe(),
        )
        return prepare(run_id, bundle, about, ctx)

    return cached(ss, run_id, make)


def upload_source(ss: MutableMapping, ctx: AppContext, tr) -> Loaded | None:
    file = st.file_uploader(
        tr("inspect.upload"), type=["pt"], key=state.INSPECT_UPLOADER, help=tr("inspect.upload_help")
    )
    if file is None:
        return None
    raw = file.getvalue()
    source = f"upload:{file.name}:{hashlib.sha1(raw).hexdigest()[:12]}"

    def make():
        bundle = load_weights(raw, name=file.name)
        about = Message("inspect.about.file", name=file.name, split=bundle.split.describe())
        return prepare(source, bundle, about, ctx)

    return cached(ss, source, make)


def current_edits(ss: MutableMapping, clip: int) -> list[Edit]:
    """The edits made to clip `clip` so far (choosing another clip starts with none)."""
    held = ss.get(state.INSPECT_EDITS)
    if held is None or held[0] != clip:
        held = ss[state.INSPECT_EDITS] = (clip, [])
    return held[1]


def break_it(ss: MutableMapping, ctx: AppContext, loaded: Loaded, clip: int, tr) -> EditResponse:
    """The edit buttons, the clip's frames after the edits and both models' bars before and after."""
    data, lang = ctx.data, ctx.lang
    st.subheader(tr("inspect.break_header"))
    st.caption(tr("inspect.break_intro"))
    edits = current_edits(ss, clip)
    n_frames = len(edited_frames(data.X[clip], edits, ss, data, loaded))
    allowed = set.intersection(*(set(allowed_edits(m)) for m in loaded.bundle.models.values()))
    row = st.columns([1, 1, 1, 1, 1, 1, 1.2])
    frame = row[6].number_input(
        tr("inspect.frame"), 1, max(1, n_frames), 1, key=state.INSPECT_FRAME, help=tr("inspect.frame_help")
    )
    for col, kind in zip(row[:6], ("reverse", "shuffle", "drop", "repeat", "blank", "swap"), strict=True):
        if col.button(
            tr(EDIT_KEYS[kind]),
            key=f"{state.INSPECT_EDIT_BUTTON}_{kind}",
            disabled=kind not in allowed,
            use_container_width=True,
        ):
            edits.append(make_edit(kind, int(frame) - 1, len(edits)))
    left, right = st.columns([3, 1])
    others = [k for k in (data.keys[i] for i in loaded.test_idx) if k != data.keys[clip]]
    left.selectbox(tr("inspect.other"), others, key=state.INSPECT_OTHER, help=tr("inspect.other_help"))
    if right.button(tr("inspect.undo"), key=state.INSPECT_UNDO, disabled=not edits, use_container_width=True):
        edits.clear()
    try:
        response = respond(
            loaded.bundle.models, data.X[clip], edits, other=other_clip(ss, data), mean_frame=loaded.mean
        )
    except HarError as e:
        edits.pop()  # the edit that cannot be made is not kept
        st.error(plain(e.message(lang)), icon=":material/error:")
        response = respond(
            loaded.bundle.models, data.X[clip], edits, other=other_clip(ss, data), mean_frame=loaded.mean
        )
    st.text(tr("inspect.edits", edits=edit_list(edits, tr) or tr("inspect.no_edits")))
    for name, why in response.refused.items():
        st.warning(f"{name.upper()}: {render(why, lang)}", icon=":material/warning:")
    dark = dark_page()
    bars = probability_bars(data.class_names, response.before, response.after, lang, dark=dark)
    chart(bars, state.INSPECT_BARS)
    st.caption(tr("inspect.caption.bars"))
    heat = plots.clip_heatmap(response.edited.frames, lang, tr("inspect.plot.frames", clip=data.keys[clip]), dark=dark)
    chart(heat, state.INSPECT_HEATMAP)
    st.caption(tr("inspect.caption.frames", origin=origin_text(response.edited.origin)))
    return response


def edited_frames(clip, edits, ss, data, loaded) -> np.ndarray:
    """The clip's frames after the edits so far (for the frame number's upper bound)."""
    try:
        return apply_edits(clip, edits, other=other_clip(ss, data), mean_frame=loaded.mean).frames
    except HarError:
        return clip


def make_edit(kind: str, frame: int, count: int) -> Edit:
    """The edit a button asks for: shuffles take a new seed each time, so pressing again gives a new order."""
    if kind == "reverse":
        return Edit("reverse")
    if kind == "shuffle":
        return Edit("shuffle", seed=count)
    return Edit(kind, frame=frame)


def other_clip(ss: MutableMapping, data) -> np.ndarray | None:
    key = ss.get(state.INSPECT_OTHER)
    return data.X[data.keys.index(key)] if key in data.keys else None


def edit_list(edits: list[Edit], tr) -> str:
    return ", ".join(tr(EDIT_KEYS[e.kind]) + ("" if e.frame is None else f" {e.frame + 1}") for e in edits)


def origin_text(origin) -> str:
    """'10 9 8 ... 1', with '·' for a frame put in (blank, or from the other clip): which frame each row holds."""
    return " ".join("·" if o is None else str(o + 1) for o in origin)


def inspector(ss: MutableMapping, ctx: AppContext) -> None:
    """The whole Inside page: models, clip, Break it, then the view chosen (frames, memory, map)."""
    tr = translator(ctx.lang)
    st.title(tr("inspect.title"))
    st.caption(tr("inspect.intro"))
    loaded = choose_models(ss, ctx, tr)
    if loaded is None:
        return
    st.info(plain(render(loaded.about, ctx.lang)), icon=":material/model_training:")  # it may quote a file name
    clip = choose_clip(ss, ctx, loaded, tr)
    if clip is None:
        return
    if np.isin(clip, loaded.bundle.split.train_idx):
        st.warning(tr("inspect.training_clip"), icon=":material/warning:")
    response = break_it(ss, ctx, loaded, clip, tr)
    VIEWS[view_picker(ss, tr)](ss, ctx, loaded, clip, response, tr)
