"""Small tables the dashboard shows and exports: one run's scores, its per-epoch history, and the session's run
history."""

from __future__ import annotations

from har.i18n import translator
from har.plots import model_label
from har.runs import ModelRun, RunRecord
from har.spreadsheet import dicts_csv


def model_scores(entry: ModelRun) -> dict:
    """Final and best test accuracy, the best epoch and the total train time of one model's history."""
    history = entry.history
    if not history:
        return {"final": None, "best": None, "best_epoch": None, "seconds": 0.0, "epochs": 0}
    best = max(history, key=lambda h: h.test_acc)
    return {
        "final": history[-1].test_acc,
        "best": best.test_acc,
        "best_epoch": best.epoch,
        "seconds": sum(h.seconds for h in history),
        "epochs": len(history),
    }


def run_summary(record: RunRecord, lang: str = "en") -> list[dict]:
    """One row per model: parameters, final and best test accuracy (%), best epoch, train time (s)."""
    tr = translator(lang)
    rows = []
    for name, entry in record.models.items():
        s = model_scores(entry)
        rows.append(
            {
                tr("table.model"): model_label(name),
                tr("table.params"): entry.params,
                tr("table.final_acc"): _pct(s["final"]),
                tr("table.best_acc"): _pct(s["best"]),
                tr("table.best_epoch"): s["best_epoch"],
                tr("table.train_time"): round(s["seconds"], 2),
            }
        )
    return rows


def history_rows(records: list[RunRecord], lang: str = "en") -> list[dict]:
    """One row per run: when, data, split, status, training settings and each model's scores."""
    tr = translator(lang)
    rows = []
    for r in records:
        cfg = r.config
        row = {
            tr("table.run"): r.id,
            tr("table.created"): r.created,
            tr("table.status"): str(r.status),
            tr("table.data"): r.dataset.name,
            tr("table.split"): cfg.split,
            tr("table.epochs"): cfg.train.epochs,
            tr("table.lr"): cfg.train.lr,
            tr("table.batch"): cfg.train.batch_size,
        }
        for name, entry in r.models.items():
            s = model_scores(entry)
            label = model_label(name)
            row[f"{label} {tr('table.params')}"] = entry.params
            row[f"{label} {tr('table.final_acc')}"] = _pct(s["final"])
            row[f"{label} {tr('table.best_acc')}"] = _pct(s["best"])
            row[f"{label} {tr('table.train_time')}"] = round(s["seconds"], 2)
        rows.append(row)
    return rows


def history_csv(records: list[RunRecord], lang: str = "en") -> str:
    """The run history as CSV text (columns as in `history_rows`)."""
    return to_csv(history_rows(records, lang))


def epoch_rows(record: RunRecord, lang: str = "en") -> list[dict]:
    """One row per model and epoch of one run: losses, accuracies (0 to 1, unrounded) and seconds."""
    tr = translator(lang)
    columns = {
        "train_loss": "table.train_loss",
        "train_acc": "table.train_acc",
        "test_loss": "table.test_loss",
        "test_acc": "table.test_acc",
        "seconds": "table.seconds",
        "fit_loss": "table.fit_loss",  # the running figures, during the epoch (empty in older records)
        "fit_acc": "table.fit_acc",
    }
    return [
        {
            tr("table.run"): record.id,
            tr("table.model"): model_label(name),
            tr("table.epoch"): h.epoch,
            **{tr(label): getattr(h, field) for field, label in columns.items()},
        }
        for name, entry in record.models.items()
        for h in entry.history
    ]


def epochs_csv(record: RunRecord, lang: str = "en") -> str:
    """One run's per-epoch history as CSV text, ready for a spreadsheet or a plotting script."""
    return to_csv(epoch_rows(record, lang))


def to_csv(rows: list[dict]) -> str:
    """Rows of dicts as CSV text; the header is every key, in the order first seen; no cell runs as a formula."""
    if not rows:
        return ""
    return dicts_csv(rows, dict.fromkeys(k for row in rows for k in row))


def _pct(x: float | None) -> float | None:
    return None if x is None else round(100 * x, 1)
