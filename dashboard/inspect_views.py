"""The Inside page's second half, one view at a time (so an edit above reruns only the one chosen): which frames
mattered (occlusion or Integrated Gradients beside an untrained model, per-class averages), each model's memory
over the frames (the GRU's state and gates, the CNN's feature maps) and the 2-D map of the test clips."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import state
from dashboard.charts import chart, dark_page
from dashboard.context import AppContext
from dashboard.markup import plain
from har.data.demo import ORDER_PAIRS
from har.explain.attribution import IG_BASELINES, OCCLUSION_BASELINES
from har.explain.figures import class_profile_heatmaps, feature_map_heatmap, frame_bars, gate_heatmaps, map_scatter
from har.explain.memory import conv_feature_maps, gru_memory
from har.explain.notes import IG_KEYS, METHOD_KEYS, OCCLUSION_KEYS, map_note, memory_note, output_name
from har.explain.profiles import class_profiles
from har.explain.report import clip_report, split_map
from har.i18n import render
from har.models import ConvClassifier, GRUClassifier

VIEW_KEYS = {"frames": "inspect.view.frames", "memory": "inspect.view.memory", "map": "inspect.view.map"}
BASELINES = {"occlusion": OCCLUSION_BASELINES, "ig": IG_BASELINES}
BASELINE_KEYS = {"occlusion": OCCLUSION_KEYS, "ig": IG_KEYS}  # method -> its baselines' names
DIRECTION_KEYS = {"forward": "inspect.direction.forward", "backward": "inspect.direction.backward"}


def view_picker(ss: MutableMapping, tr) -> str:
    if ss.get(state.INSPECT_VIEW) not in VIEW_KEYS:
        ss[state.INSPECT_VIEW] = "frames"
    view = st.segmented_control(
        tr("inspect.view"), list(VIEW_KEYS), format_func=lambda v: tr(VIEW_KEYS[v]), key=state.INSPECT_VIEW
    )
    return view or "frames"


def frames_view(ss: MutableMapping, ctx: AppContext, loaded, clip: int, response, tr) -> None:
    """Which frames mattered to each model on the clip as it is, beside an untrained model of its config."""
    data, lang, dark = ctx.data, ctx.lang, dark_page()
    st.subheader(tr("inspect.frames_header"))
    left, right = st.columns(2)
    method = left.radio(
        tr("inspect.method"),
        list(METHOD_KEYS),
        format_func=lambda m: tr(METHOD_KEYS[m]),
        key=state.INSPECT_METHOD,
        horizontal=True,
        help=tr("inspect.method_help"),
    )
    baselines = BASELINES[method]
    if ss.get(state.INSPECT_BASELINE) not in baselines:
        ss[state.INSPECT_BASELINE] = baselines[0]
    baseline = right.selectbox(
        tr("inspect.baseline"),
        baselines,
        format_func=lambda b: tr(BASELINE_KEYS[method][b]),
        key=state.INSPECT_BASELINE,
        help=tr("inspect.baseline_help"),
    )
    key = ("report", clip, method, baseline, lang, dark)  # an edit above reruns the page: this part is made once
    if key not in loaded.cached:
        report = clip_report(loaded.bundle, data, data.keys[clip], method=method, baseline=baseline, sanity=True)
        loaded.cached[key] = report, attribution_figure(report, data.class_names, lang, dark)
    report, fig = loaded.cached[key]
    chart(fig, state.INSPECT_ATTRIBUTION)
    st.caption(plain(tr("inspect.caption.attribution", name=data.class_names[report.target])))
    for col, (name, notes) in zip(st.columns(len(report.notes)), report.notes.items(), strict=True):
        col.markdown(f"**{name.upper()}**")
        col.caption(plain(" ".join(render(n, lang) for n in notes)))  # the notes name a class
    if st.toggle(tr("inspect.averages"), key=state.INSPECT_AVERAGES, help=tr("inspect.averages_help")):
        averages(ctx, loaded, method, baseline, tr)


def attribution_figure(report, class_names, lang: str, dark: bool):
    first = next(iter(report.attributions.values()))
    y_title = render(output_name(first, class_names[report.target]), lang)
    trained = {n: a.values[0] for n, a in report.attributions.items()}
    untrained = {n: c.untrained.values[0] for n, c in report.sanity.items()}
    return frame_bars(trained, untrained, y_title, lang, dark=dark)


def averages(ctx: AppContext, loaded, method: str, baseline: str, tr) -> None:
    """Each model's attributions averaged over the test clips of each class (worked out once per method)."""
    data = ctx.data
    key = ("profiles", method, baseline)
    if key not in loaded.cached:
        x, y = data.X[loaded.test_idx], data.y[loaded.test_idx]
        options = {"baseline": baseline, "mean_frame": loaded.mean}
        loaded.cached[key] = {
            name: class_profiles(m, x, y, n_classes=data.n_classes, method=method, **options)
            for name, m in loaded.bundle.models.items()
        }
    profiles = loaded.cached[key]
    means = {name: p.mean for name, p in profiles.items()}
    chart(class_profile_heatmaps(means, data.class_names, ctx.lang, dark=dark_page()), state.INSPECT_PROFILES)
    st.caption(tr("inspect.caption.averages", n=len(loaded.test_idx)))


def memory_view(ss: MutableMapping, ctx: AppContext, loaded, clip: int, response, tr) -> None:
    """What each model keeps over the frames of the clip as the bars above see it (after the edits)."""
    lang, dark = ctx.lang, dark_page()
    st.subheader(tr("inspect.memory_header"))
    frames = response.edited.frames
    for name, model in loaded.bundle.models.items():
        st.markdown(f"**{name.upper()}**")
        if isinstance(model, GRUClassifier):
            memory = gru_memory(model, frames)
            directions = sorted({t.direction for t in memory.traces}, reverse=True)  # forward first
            direction = (
                st.radio(
                    tr("inspect.direction"),
                    directions,
                    format_func=lambda d: tr(DIRECTION_KEYS[d]),
                    key=state.INSPECT_DIRECTION,
                    horizontal=True,
                )
                if len(directions) > 1
                else directions[0]
            )
            chart(gate_heatmaps(memory.trace(0, direction), lang, dark=dark), f"{state.INSPECT_MEMORY}_{name}")
            st.caption(render(memory_note(model), lang))
        elif isinstance(model, ConvClassifier):
            maps = conv_feature_maps(model, frames)
            chart(feature_map_heatmap(maps[0], lang, dark=dark), f"{state.INSPECT_MEMORY}_{name}")
            st.caption(render(memory_note(model, 0), lang))
        else:
            st.caption(tr("inspect.no_memory"))


def map_view(ss: MutableMapping, ctx: AppContext, loaded, clip: int, response, tr) -> None:
    """Every test clip on each model's 2-D map; clicking a dot opens that clip above."""
    data, lang = ctx.data, ctx.lang
    st.subheader(tr("inspect.map_header"))
    if "map" not in loaded.cached:
        loaded.cached["map"] = split_map(loaded.bundle, data)[1]
    maps = loaded.cached["map"]
    pairs = st.toggle(tr("inspect.pairs"), key=state.INSPECT_PAIRS, help=tr("inspect.pairs_help"))
    only = pair_classes(data.class_names) if pairs else None
    figure_key = ("map figure", pairs, lang, dark_page())
    if figure_key not in loaded.cached:
        coords = {name: m.projection.coords for name, m in maps.items()}
        labels, keys = data.y[loaded.test_idx], [data.keys[i] for i in loaded.test_idx]
        loaded.cached[figure_key] = map_scatter(
            coords, labels, keys, data.class_names, lang, only=only, dark=dark_page()
        )
    chart(
        loaded.cached[figure_key], state.INSPECT_MAP, on_select=lambda: open_from_map(ss, data), selection_mode="points"
    )
    st.caption(tr("inspect.caption.pairs") if pairs else tr("inspect.caption.map"))
    for col, (name, m) in zip(st.columns(len(maps)), maps.items(), strict=True):
        col.caption(render(map_note(loaded.bundle.models[name], m.projection), lang))


def pair_classes(class_names) -> list[int] | None:
    """The indices of the order pairs' classes present in `class_names` (diving, trampoline_jumping, ...)."""
    names = list(class_names)
    return [names.index(c) for pair in ORDER_PAIRS for c in pair if c in names]


def open_from_map(ss: MutableMapping, data) -> None:
    """A click on a dot: show that clip (chosen by its class) in the inspector above."""
    points = ss[state.INSPECT_MAP].selection.points
    if not points or points[0].get("customdata") not in data.keys:
        return
    i = data.keys.index(points[0]["customdata"])
    ss[state.INSPECT_WAY] = "class"
    ss[state.INSPECT_CLASS] = int(data.y[i])
    ss[state.INSPECT_CLIP] = data.keys[i]


VIEWS = {"frames": frames_view, "memory": memory_view, "map": map_view}
