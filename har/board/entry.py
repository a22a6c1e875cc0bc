"""One published result: a model of a finished run under a student's display name, checked and made plain text
before it reaches the shared board (the only thing a session ever shares)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass

from har.errors import HarError
from har.presets import config_to_dict
from har.runs import ModelRun, RunRecord
from har.tables import model_scores

NAME_MAX = 40  # characters of a display name: fits a legend, a hover label and a table cell
TEXT_MAX = 80  # any other text taken from a run record (data set name, run id)
POOLINGS = ("last", "mean", "max")  # har.models.POOLINGS (a test keeps them equal), without importing torch
PUBLISHABLE = ("finished",)  # a stopped or diverged run is not a result to compare


@dataclass(frozen=True)
class Entry:
    """One model of one run, as the board stores and shows it; accuracies are fractions in [0, 1]."""

    name: str  # the student's display name, plain text
    run_id: str  # the run record's id: one publish per run and board
    model: str  # the model's key in the run record ("rnn", "cnn")
    family: str  # "rnn" or "cnn": the colour on the chart
    kind: str  # "rnn", "cnn" or "notebook-cnn" (the notebook's feature-axis CNN)
    params: int
    pooling: str  # "last", "mean", "max"; "" for the notebook CNN, which has no pooling choice
    hidden: int | None  # GRU units per direction (RNN)
    widths: str  # filters per conv layer, "64,128" (temporal CNN); the variant for the notebook CNN
    split: str  # "random" or "group"
    seed: int  # the training seed
    final_acc: float  # test accuracy after the last epoch
    best_acc: float  # best test accuracy over the epochs
    epochs: int
    seconds: float  # training time of this model
    dataset: str  # the data set's name as the app shows it
    synthetic: bool  # never on the same chart as real data
    source: str  # "ucf11", "demo" or "own" (an uploaded or local file; its path never leaves the session)
    # What makes two runs comparable, and two results identical (None / "" on boards published before they were
    # stored: such entries are compared only with each other).
    split_seed: int | None = None  # the split's own seed (the CLI's --seed may move it with the training seed)
    test_fraction: float | None = None
    data_id: str = ""  # a hash of the data set's description and the test clips: same data, same split
    config_id: str = ""  # a hash of data_id, both models' settings and the training settings, seed included
    board: str = ""  # filled when read back from the database
    created: str = ""
    id: int = 0


# The error keys of what clean_text refuses, per kind of text: (not text, empty, too long).
TEXT_ERROR_KEYS = {
    "board.field": ("board.field_not_text", "board.field_empty", "board.field_too_long"),
    "board.name": ("board.name_not_text", "board.name_empty", "board.name_too_long"),
    "board.board_name": ("board.board_name_not_text", "board.board_name_empty", "board.board_name_too_long"),
}


def clean_text(text, limit: int, errors: str = "board.field", **values) -> str:
    """`text` on one line, without control or invisible formatting characters, whitespace collapsed.

    Empty, over-long or non-text input raises `<errors>_empty`, `<errors>_too_long` or `<errors>_not_text`
    (HarError keys; `values` fill their fields). Markup characters stay: they are shown, never acted on.
    """
    not_text, empty, too_long = TEXT_ERROR_KEYS[errors]
    if not isinstance(text, str):
        raise HarError.of(not_text, **values)
    kept = "".join(" " if c.isspace() else c for c in unicodedata.normalize("NFC", text))
    kept = " ".join("".join(c for c in kept if not unicodedata.category(c).startswith("C")).split())
    if not kept:
        raise HarError.of(empty, **values)
    if len(kept) > limit:
        raise HarError.of(too_long, limit=limit, length=len(kept), **values)
    return kept


def clean_name(text) -> str:
    """A display name as the board will show it (see `clean_text`), at most NAME_MAX characters."""
    return clean_text(text, NAME_MAX, "board.name")


def source_kind(source) -> str:
    """Where the data came from, without any path: "ucf11", "demo" or "own"."""
    return source if source in ("ucf11", "demo") else "own"


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def run_ids(record: RunRecord) -> tuple[str, str]:
    """(data_id, config_id) of a run record: equal data_id, the same clips on the same side of the same split;
    equal config_id as well, the same training of the same models, so the same result (training is deterministic).
    """
    d, cfg = record.dataset, record.config
    data_id = _digest([d.name, d.n, d.t, d.f, list(d.class_names), cfg.split, record.test_idx])
    models = {name: config_to_dict(m.config) for name, m in record.models.items()}
    return data_id, _digest([data_id, models, asdict(cfg.train)])


def entries_from_record(record: RunRecord, name: str) -> list[Entry]:
    """One entry per trained model of a finished run record (checked when it was loaded), published as `name`."""
    name = clean_name(name)
    if record.status not in PUBLISHABLE:
        raise HarError.of("board.not_finished", status=str(record.status)[:20])
    entries = [_entry(record, model, run, name) for model, run in record.models.items() if run.history]
    if not entries:
        raise HarError.of("board.no_epochs")
    return entries


def _entry(record: RunRecord, model: str, run: ModelRun, name: str) -> Entry:
    mc = run.config
    kind = config_to_dict(mc)["kind"]
    scores = model_scores(run)
    data_id, config_id = run_ids(record)
    return Entry(
        name=name,
        run_id=clean_text(record.id, 40, field="id"),
        model=clean_text(model, 20, field=f"models.{model[:20]}"),
        family="rnn" if kind == "rnn" else "cnn",
        kind=kind,
        params=run.params,
        pooling=mc.pooling if kind != "notebook-cnn" else "",
        hidden=mc.hidden if kind == "rnn" else None,
        widths=",".join(str(w) for w in mc.widths) if kind == "cnn" else getattr(mc, "variant", ""),
        split=clean_text(record.config.split, 20, field="config.split"),
        seed=record.config.train.seed,
        final_acc=scores["final"],
        best_acc=scores["best"],
        epochs=scores["epochs"],
        seconds=round(scores["seconds"], 3),
        dataset=clean_text(record.dataset.name, TEXT_MAX, field="dataset.name"),
        synthetic=record.dataset.synthetic,
        source=source_kind(record.config.data),
        split_seed=record.config.split_seed,
        test_fraction=record.config.test_fraction,
        data_id=data_id,
        config_id=config_id,
    )
