"""What a run can be downloaded as: its record (JSON), its per-epoch history (CSV) and its trained models (a
weights file with the split they were trained on). The models come from the run store, read when the button is
pressed; a session keeps them itself only when the store could not."""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from dashboard import keeping, state
from har import runs, tables
from har.i18n import translator
from har.runs import RunRecord

WEIGHTS_KEPT = 10  # the latest runs whose models a session keeps (the default pair is about 7 MB a run)
NO_WEIGHTS_KEYS = {  # why a run offers no trained models
    "unfinished": "export.no_weights.unfinished",
    "dropped": "export.no_weights.dropped",
    "uploaded": "export.no_weights.uploaded",
}


def keep_weights(ss: MutableMapping, job, record: RunRecord) -> None:
    """File the models of the training `job` (which produced `record`) under the run's id, as a weights file.

    A run that did not finish every epoch has no models to offer: its weights would not match its last
    recorded epoch. Past WEIGHTS_KEPT runs, the oldest file is dropped and the page says so.
    """
    from har.weights import weights_bytes  # here: it loads torch, which the first page of a fresh server does without

    kept = ss[state.RUN_WEIGHTS]
    models = job.trained_models()
    if models is None:
        kept[record.id] = "unfinished"
        return
    info = {"run": record.id, "data": job.data.name, "train": record.config.to_dict()["train"]}
    kept[record.id] = weights_bytes(models, job.data, job.split, info=info)
    files = [run_id for run_id, value in kept.items() if isinstance(value, bytes)]
    for run_id in files[:-WEIGHTS_KEPT]:
        kept[run_id] = "dropped"


def weights_button(ss: MutableMapping, run_id: str, lang: str, key: str, *, explain: bool = False) -> None:
    """A download button for the run's trained models; with `explain`, a line saying why there is none."""
    tr = translator(lang)
    kept = ss[state.RUN_WEIGHTS].get(run_id)
    data = kept if isinstance(kept, bytes) else keeping.weights(ss, run_id)
    if data is not None:
        st.download_button(
            tr("export.weights"),
            data,
            file_name=f"models-{run_id}.pt",
            mime="application/octet-stream",
            key=key,
            help=tr("export.weights_help"),
            icon=":material/download:",
        )
    elif explain:
        st.caption(tr(NO_WEIGHTS_KEYS[kept or "uploaded"], n=WEIGHTS_KEPT))


def run_downloads(ss: MutableMapping, record: RunRecord, lang: str) -> None:
    """The Compare page's downloads of one run: the record, its per-epoch history, its trained models."""
    tr = translator(lang)
    left, middle, right = st.columns(3)
    left.download_button(
        tr("compare.download_run"),
        runs.dumps(record),
        file_name=f"run-{record.id}.json",
        mime="application/json",
        help=tr("compare.download_run_help"),
        icon=":material/download:",
        key=state.DOWNLOAD_RUN,
    )
    middle.download_button(
        tr("export.epochs"),
        tables.epochs_csv(record, lang),
        file_name=f"run-{record.id}-epochs.csv",
        mime="text/csv",
        help=tr("export.epochs_help"),
        icon=":material/table:",
        key=state.DOWNLOAD_EPOCHS,
    )
    with right:
        weights_button(ss, record.id, lang, state.DOWNLOAD_WEIGHTS, explain=True)
