"""The Inside page's clip chooser: a test clip by its class, from a cell of either model's confusion matrix (mistakes
first), or from the lists "RNN right, CNN wrong", "CNN right, RNN wrong", "both wrong", "both right"."""

from __future__ import annotations

from collections.abc import MutableMapping

import numpy as np
import streamlit as st

from dashboard import state
from dashboard.context import AppContext

WAYS = ("class", "cell", "list")  # how a clip is chosen
WAY_KEYS = {"class": "inspect.way.class", "cell": "inspect.way.cell", "list": "inspect.way.list"}
LISTS = ("rnn_right_cnn_wrong", "cnn_right_rnn_wrong", "both_wrong", "both_right")  # (who is right) per list
LIST_KEYS = {
    "rnn_right_cnn_wrong": "inspect.list.rnn_right_cnn_wrong",
    "cnn_right_rnn_wrong": "inspect.list.cnn_right_rnn_wrong",
    "both_wrong": "inspect.list.both_wrong",
    "both_right": "inspect.list.both_right",
}


def clip_lists(loaded, labels: np.ndarray) -> dict[str, np.ndarray]:
    """list name -> positions (in the test clips) of its clips, from both models' predictions."""
    right = {n: loaded.predicted(n) == labels for n in loaded.test_probs}
    rnn, cnn = right.get("rnn", np.zeros(len(labels), bool)), right.get("cnn", np.zeros(len(labels), bool))
    masks = {
        "rnn_right_cnn_wrong": rnn & ~cnn,
        "cnn_right_rnn_wrong": cnn & ~rnn,
        "both_wrong": ~rnn & ~cnn,
        "both_right": rnn & cnn,
    }
    return {k: np.flatnonzero(m) for k, m in masks.items()}


def confusion_cells(loaded, model: str, labels: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """(true, predicted) -> positions of the test clips in that cell of `model`'s confusion matrix, non-empty cells
    only, wrong cells first (largest first), then the diagonal."""
    pred = loaded.predicted(model)
    cells: dict[tuple[int, int], list[int]] = {}
    for pos, (t, p) in enumerate(zip(labels.tolist(), pred.tolist(), strict=True)):
        cells.setdefault((t, p), []).append(pos)
    order = sorted(cells, key=lambda c: (c[0] == c[1], -len(cells[c]), c))
    return {c: np.asarray(cells[c]) for c in order}


def choose_clip(ss: MutableMapping, ctx: AppContext, loaded, tr) -> int | None:
    """The chooser of the clip; the chosen clip's index in the data set, or None when the choice is empty."""
    data, idx = ctx.data, loaded.test_idx
    labels = data.y[idx]
    names = data.class_names
    way = st.radio(
        tr("inspect.way"), WAYS, format_func=lambda w: tr(WAY_KEYS[w]), key=state.INSPECT_WAY, horizontal=True
    )
    left, right = st.columns(2)
    if way == "class":
        c = left.selectbox(
            tr("inspect.class"), range(len(names)), format_func=names.__getitem__, key=state.INSPECT_CLASS
        )
        positions = np.flatnonzero(labels == c)
    elif way == "cell":
        model = left.radio(
            tr("inspect.cell_model"),
            list(loaded.test_probs),
            format_func=str.upper,
            key=state.INSPECT_CELL_MODEL,
            horizontal=True,
        )
        cells = confusion_cells(loaded, model, labels)
        cell_labels = {
            f"{t}:{p}": tr("inspect.cell", true=names[t], pred=names[p], n=len(v)) for (t, p), v in cells.items()
        }
        if ss.get(state.INSPECT_CELL) not in cell_labels:
            ss[state.INSPECT_CELL] = next(iter(cell_labels))
        cell = right.selectbox(
            tr("inspect.cell_pick"), list(cell_labels), format_func=cell_labels.get, key=state.INSPECT_CELL
        )
        t, p = (int(v) for v in cell.split(":"))
        positions = cells[(t, p)]
    else:
        lists = clip_lists(loaded, labels)
        which = left.selectbox(
            tr("inspect.list"), LISTS, format_func=lambda k: tr(LIST_KEYS[k], n=len(lists[k])), key=state.INSPECT_LIST
        )
        positions = lists[which]
    keys = [data.keys[i] for i in idx[positions]]
    if not keys:
        st.info(tr("inspect.empty"), icon=":material/info:")
        return None
    if ss.get(state.INSPECT_CLIP) not in keys:
        ss[state.INSPECT_CLIP] = keys[0]
    key = st.selectbox(tr("inspect.clip"), keys, key=state.INSPECT_CLIP, help=tr("inspect.clip_help"))
    return data.keys.index(key)
