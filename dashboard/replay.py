"""Epoch replay on the Compare page: a slider through the epochs for both models' confusion matrices, shown only
for a record that keeps a confusion matrix per epoch (older records keep the last one alone)."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace

import streamlit as st

from dashboard import state
from dashboard.charts import chart, dark_page
from har import plots
from har.i18n import translator
from har.runs import RunRecord


def epoch_confusions(record: RunRecord) -> dict[str, list] | None:
    """Model -> its confusion matrix (C x C) after each epoch, or None when the record does not keep them. The one
    place the dashboard reads a record's per-epoch matrices (each model's "confusions")."""
    out = {}
    for name, entry in record.models.items():
        per_epoch = entry.confusions
        if not per_epoch or any(c is None for c in per_epoch):
            return None
        out[name] = per_epoch
    return out


def at_epoch(record: RunRecord, confusions: dict[str, list], epoch: int) -> RunRecord:
    """A copy of `record` whose confusion matrices are those after `epoch` (from 1; a model that stopped earlier
    keeps its last)."""
    models = {
        name: replace(entry, confusions=confusions[name][: min(epoch, len(confusions[name]))])
        for name, entry in record.models.items()
    }
    return replace(record, models=models)


def epoch_replay(ss: MutableMapping, record: RunRecord, normalized: bool, lang: str) -> None:
    """The slider and the matrices at the chosen epoch; nothing for a record without per-epoch matrices."""
    confusions = epoch_confusions(record)
    if confusions is None:
        return
    last = max(len(v) for v in confusions.values())
    if last < 2:
        return
    tr = translator(lang)
    st.subheader(tr("replay.header"))
    if not 1 <= ss.get(state.REPLAY_EPOCH, 0) <= last:
        ss[state.REPLAY_EPOCH] = last
    epoch = st.slider(tr("replay.epoch"), 1, last, key=state.REPLAY_EPOCH, help=tr("replay.epoch_help"))
    chart(plots.confusion_matrices(at_epoch(record, confusions, epoch), normalized, lang, dark=dark_page()), "replay")
    st.caption(tr("replay.caption", epoch=epoch))
