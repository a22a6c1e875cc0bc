""" "Best test accuracy" picks its epoch on the test clips: every table and the generated discussion call it
optimistic, and every verdict is argued from the final epoch."""

from __future__ import annotations

import pytest

from dashboard import state
from har import runs, tables
from har.lab import TrialResult
from har.lab import discuss as paragraphs
from har.lab.cli import main
from har.lab.commands import paragraph
from har.lab.studies.leakage import LeakageResult
from har.lab.studies.pooling import PoolingResult
from har.lab.studies.seeds import SeedStudy, discuss_seeds, summarize_seeds
from har.lab.studies.sweep import SweepStudy, summarize_sweep
from har.models import CNNConfig, RNNConfig


def discuss_run(record) -> str:
    return paragraph(paragraphs.discuss_run(record), "en")


# The RNN peaks high at epoch 2 and falls back; the CNN climbs steadily and ends ahead. By the best epoch
# the RNN wins (0.90 against 0.80); by the final epoch the CNN does (0.80 against 0.60).
RNN_ACC, CNN_ACC = [0.70, 0.90, 0.60], [0.60, 0.70, 0.80]
LABELS = [0, 1, 2] * 10


def history(acc):
    return [
        {"epoch": e + 1, "train_loss": 1.0, "train_acc": a, "test_loss": 1.0, "test_acc": a, "seconds": 0.1}
        for e, a in enumerate(acc)
    ]


def record() -> dict:
    return {
        "id": "peaked",
        "test_labels": LABELS,
        "dataset": {"class_names": ["a", "b", "c"]},
        "models": {
            "rnn": {"params": 1000, "history": history(RNN_ACC), "test_pred": LABELS, "confusion": None},
            "cnn": {"params": 1000, "history": history(CNN_ACC), "test_pred": LABELS, "confusion": None},
        },
    }


def job(label: str, rnn=RNN_ACC, cnn=CNN_ACC) -> TrialResult:
    configs = {"rnn": RNNConfig(hidden=4, pooling=label if label in ("last", "mean", "max") else "last"),
               "cnn": CNNConfig(widths=(4,))}  # fmt: skip
    return TrialResult(
        label, configs, {"rnn": 100, "cnn": 100}, {"rnn": history(rnn), "cnn": history(cnn)},
        {"rnn": LABELS, "cnn": LABELS}, LABELS, list(range(len(LABELS))),
    )  # fmt: skip


@pytest.mark.parametrize("lang, word", [("en", "optimistic"), ("es", "optimista")])
def test_the_tables_call_the_best_epoch_optimistic(tiny_record, lang, word):
    summary = tables.run_summary(tiny_record, lang)[0]
    assert any(word in column for column in summary)
    history_row = tables.history_rows([tiny_record], lang)[0]
    assert sum(word in column for column in history_row) == 2  # one best column per model


def test_the_discussion_leads_with_the_final_epoch_and_calls_the_peak_optimistic():
    text = discuss_run(record())
    assert text.startswith("The RNN ended at 60.0% after 3 epochs. Its test accuracy peaked earlier, at 90.0% in ")
    assert "epoch 2 of 3, but that figure is optimistic" in text
    cnn = text[text.index("The CNN ended") :]
    assert cnn.startswith("The CNN ended at 80.0% after 3 epochs.") and "optimistic" not in cnn.split(".")[1]
    assert "optimista" in paragraph(paragraphs.discuss_run(record()), "es")


def test_the_verdicts_are_argued_from_the_final_epoch():
    # One run: the CNN ends ahead, though the RNN had the best epoch.
    assert "The CNN ends 20.0 points ahead of the RNN (80.0% against 60.0%)." in discuss_run(record())
    # Seeds: the paired test compares final accuracies.
    seeds = summarize_seeds([job(str(s)) for s in range(3)])
    assert seeds.best["rnn"].mean > seeds.best["cnn"].mean and seeds.paired.mean_diff == pytest.approx(-0.2)
    assert paragraph(SeedStudy.verdict(seeds), "en").startswith(
        "Over 3 seeds, the RNN's final test accuracy minus the CNN's averages -20.0"
    )
    assert "The CNN ends 20.0 points ahead" in paragraph(discuss_seeds(seeds), "en")
    # Pooling, size sweep and leakage: the final accuracy decides.
    pooling = PoolingResult([job("last"), job("mean", rnn=[0.5, 0.95, 0.7], cnn=CNN_ACC)])
    assert pooling.best_pooling()["rnn"] == "mean" and pooling.grid()["mean"]["rnn"] == 0.7
    pooling = PoolingResult([job("last", rnn=[0.5, 0.99, 0.65]), job("mean", rnn=[0.5, 0.6, 0.7])])
    assert pooling.best_pooling()["rnn"] == "mean"  # 0.70 final beats a 0.99 peak that ended at 0.65
    sweep = summarize_sweep([job("4"), job("8")])
    assert "At 0 of 2 matched sizes the RNN ends ahead" in paragraph(SweepStudy.verdict(sweep), "en")
    leakage = LeakageResult([job("random"), job("group")])
    assert leakage.grid()["random"] == {"rnn": 0.6, "cnn": 0.8}


def test_the_command_lines_tables_say_so(capsys, tmp_path):
    from har.data.demo import make_demo
    from har.data.npz import save_npz

    path = tmp_path / "tiny.npz"
    save_npz(path, make_demo(scale=0.05))
    small = ["--data", str(path), "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4", "--quiet"]
    assert main(["seeds", "--seeds", "2", *small]) == 0
    out = capsys.readouterr().out
    assert "best-epoch test acc (optimistic)" in out
    assert "The best-epoch accuracy is optimistic: its epoch was picked by looking at the test clips." in out
    assert main(["pooling", "--poolings", "last", *small, "--lang", "es"]) == 0
    assert "exactitud de la mejor época (optimista)" in capsys.readouterr().out


def test_the_compare_page_says_so_under_the_summary(app, tiny_record):
    app.switch_page("pages/compare.py").run()
    upload = ("run.json", runs.dumps(tiny_record).encode(), "application/json")
    app.file_uploader(key=state.RUN_UPLOADER).set_value(upload).run()
    assert not app.exception and not app.error
    assert any(c.value.startswith("The best-epoch accuracy is optimistic: its epoch was picked") for c in app.caption)
