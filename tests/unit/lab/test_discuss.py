"""The automatic discussion: built from a record's numbers, in both languages, with the right verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from har import stats
from har.configs import TrainConfig
from har.i18n import languages, number
from har.lab import TrialResult
from har.lab import discuss as paragraphs
from har.lab.commands import paragraph
from har.lab.discuss import curves_from_record
from har.lab.studies import seeds
from har.lab.studies.leakage import LeakageResult
from har.lab.studies.pooling import PoolingResult
from har.lab.studies.seeds import SeedStudy, summarize_seeds
from har.lab.studies.sweep import SweepStudy, summarize_sweep
from har.messages import Message
from har.models import CNNConfig, RNNConfig
from har.runs import DatasetInfo, EpochScores, ModelRun, RunConfig, RunRecord
from har.status import Status


def discuss_run(record, lang="en") -> str:
    """The run's paragraph as the CLI and the page print it."""
    return paragraph(paragraphs.discuss_run(record), lang)


def discuss_seeds(result, lang="en") -> str:
    return paragraph(seeds.discuss_seeds(result), lang)


def history(test_acc, train_acc, test_loss):
    return [
        {"epoch": e + 1, "train_loss": 1.0, "train_acc": tr, "test_loss": tl, "test_acc": te, "seconds": 0.1}
        for e, (te, tr, tl) in enumerate(zip(test_acc, train_acc, test_loss, strict=True))
    ]


def scores(test_acc, train_acc, test_loss):
    return [EpochScores(**h) for h in history(test_acc, train_acc, test_loss)]


def make_record(rnn_pred, cnn_pred, labels, *, rnn_params=891147, cnn_params=5185):
    return RunRecord(
        id="r1",
        created="2026-12-02T10:00:00",
        status=Status.FINISHED,
        message="",
        config=RunConfig(data="demo", split="random", split_seed=0, test_fraction=0.2, train=TrainConfig(), threads=1),
        dataset=DatasetInfo(name="t", n=len(labels), t=1, f=1, class_names=("a", "b", "c"), synthetic=True),
        test_idx=list(range(len(labels))),
        test_labels=labels,
        test_keys=[str(i) for i in range(len(labels))],
        models={
            # The RNN peaks at epoch 3, then overfits: train 0.99 vs test 0.70, test loss up 50%.
            "rnn": ModelRun(
                config=RNNConfig(),
                params=rnn_params,
                history=scores([0.50, 0.70, 0.80, 0.75, 0.70], [0.6, 0.8, 0.9, 0.97, 0.99], [1.0, 0.8, 0.6, 0.7, 0.9]),
                predictions=rnn_pred,
            ),
            # The CNN improves steadily and ends close to its training accuracy.
            "cnn": ModelRun(
                config=CNNConfig(),
                params=cnn_params,
                history=scores([0.40, 0.50, 0.55, 0.60, 0.62], [0.4, 0.5, 0.55, 0.6, 0.63], [1.2, 1.1, 1.0, 0.95, 0.9]),
                predictions=cnn_pred,
            ),
        },
    )


LABELS = [0, 1, 2] * 20
RNN_RIGHT = list(LABELS)
CNN_WRONG_OFTEN = [(y + 1) % 3 if i % 2 else y for i, y in enumerate(LABELS)]  # wrong on 30 of 60


def test_the_run_paragraph_quotes_its_numbers():
    text = discuss_run(make_record(RNN_RIGHT, CNN_WRONG_OFTEN, LABELS))
    for piece in ("80.0%", "epoch 3 of 5", "70.0%", "62.0%", "891,147", "5,185", "171.9 times", "8.0 points ahead"):
        assert piece in text, piece
    assert "overfits clearly" in text  # the RNN: 99% train vs 70% test
    assert "lowest at epoch 3" in text and "50% higher" in text  # 0.9 / 0.6
    assert "no sign of overfitting" in text  # the CNN: 63% vs 62%
    m = stats.mcnemar(LABELS, RNN_RIGHT, CNN_WRONG_OFTEN)
    assert m.p < 0.001 and "larger than chance" in text and "p < 0.001" in text


def test_the_paragraph_exists_in_both_languages_with_the_same_numbers():
    record = make_record(RNN_RIGHT, CNN_WRONG_OFTEN, LABELS)
    en, es = discuss_run(record, "en"), discuss_run(record, "es")
    assert en != es
    assert "sobreajusta claramente" in es and "época 3 de 5" in es and "891.147" in es  # CLDR's Spanish grouping
    for value, spec in ((0.8, ".1%"), (0.7, ".1%"), (0.62, ".1%")):
        assert number(value, "en", spec) in en and number(value, "es", spec) in es  # 80.0% / 80,0 %


def test_a_difference_that_could_be_chance_is_called_so_and_equal_sizes_are_noticed():
    cnn_pred = list(LABELS)
    cnn_pred[0] = 1  # one clip apart
    text = discuss_run(make_record(RNN_RIGHT, cnn_pred, LABELS, rnn_params=1000, cnn_params=990))
    assert "could be chance" in text and "p = 1.000" in text
    assert "about the same number of parameters" in text


def test_a_run_without_epochs_says_so():
    record = make_record([], [], LABELS)
    for m in record.models.values():
        m.history = []
    assert "nothing to discuss" in discuss_run(record)
    assert curves_from_record(record) == {}


def test_the_seeds_paragraph_uses_mean_curves_and_the_paired_verdict():
    labels = [0, 1, 2]

    def run(seed, rnn_final, cnn_final):
        h = {
            "rnn": history([0.5, rnn_final], [0.6, rnn_final + 0.02], [1.0, 0.9]),
            "cnn": history([0.4, cnn_final], [0.5, cnn_final + 0.01], [1.1, 1.0]),
        }
        configs = {"rnn": RNNConfig(hidden=4), "cnn": CNNConfig(widths=(4,))}
        return TrialResult(
            str(seed), configs, {"rnn": 900, "cnn": 890}, h, {"rnn": labels, "cnn": labels}, labels, [0, 1, 2]
        )

    result = summarize_seeds([run(0, 0.80, 0.70), run(1, 0.82, 0.71), run(2, 0.79, 0.69)])
    text = discuss_seeds(result)
    assert "means over 3 seeds" in text
    assert f"{100 * np.mean([0.80, 0.82, 0.79]):.1f}%" in text  # the RNN's mean final accuracy
    assert "more than the seed noise" in text and "95% interval" in text
    es = discuss_seeds(result, "es")
    assert "3 semillas" in es and "ruido de la semilla" in es


@pytest.mark.parametrize("lang", list(languages()))
def test_the_paragraph_is_plain_sentences(lang):
    text = discuss_run(make_record(RNN_RIGHT, CNN_WRONG_OFTEN, LABELS), lang)
    assert "{" not in text and "}" not in text and "\n" not in text
    assert text.endswith(".")


def test_close_accuracies_with_a_rising_loss_are_not_called_free_of_overfitting():
    record = make_record(RNN_RIGHT, CNN_WRONG_OFTEN, LABELS)
    record.models["cnn"].history = scores([0.5, 0.6, 0.62], [0.5, 0.61, 0.63], [1.0, 0.5, 0.8])
    text = discuss_run(record)
    cnn_part = text[text.index("The CNN ended") :]
    assert "no sign of overfitting" not in cnn_part
    assert "end close (63.0% and 62.0%), but its test loss was lowest at epoch 2 and ended 60% higher" in cnn_part
    assert "primera señal de sobreajuste" in discuss_run(record, "es")


def test_numbers_go_into_the_sentences_as_numbers_for_the_renderer_to_format():
    # The paragraph is data: each count and accuracy stays a number, which the catalog's template formats
    # ({n:,}, {acc:.1%}) in the reader's locale; only the printers turn Messages into text.
    parts = paragraphs.discuss_run(make_record(RNN_RIGHT, CNN_WRONG_OFTEN, LABELS))
    assert all(isinstance(m, Message) for m in parts)
    size = next(m for m in parts if m.key == "lab.discuss.params")
    assert size.values["big_params"] == 891147 and size.values["small_params"] == 5185
    assert size.values["Big"] == Message("lab.model.rnn.start") and size.values["small"] == Message("lab.model.cnn")
    first = parts[0]
    assert first == Message("lab.discuss.model", Model=Message("lab.model.rnn.start"), final=0.70, epochs=5)


def test_a_paragraph_reads_word_for_word_as_before_its_sentences_became_messages():
    record = make_record(RNN_RIGHT, CNN_WRONG_OFTEN, LABELS, rnn_params=1, cnn_params=1)
    record.models["rnn"].history = scores([0.3], [0.288], [2.0])
    record.models["cnn"].history = scores([0.4], [0.5], [2.0])
    assert discuss_run(record) == (
        "The RNN ended at 30.0% after 1 epoch. Its training and test accuracy end close (28.8% and 30.0%): no sign of "
        "overfitting yet. The CNN ended at 40.0% after 1 epoch. Its training accuracy (50.0%) ends 10.0 points above "
        "its test accuracy (40.0%): a little overfitting. Both models have about the same number of parameters (1 and "
        "1), so size does not explain the difference. The CNN ends 10.0 points ahead of the RNN (40.0% against 30.0%). "
        "On these 60 test clips the difference is larger than chance (McNemar's test, p < 0.001), but a single run "
        "says nothing about seed noise: repeat it with several seeds before concluding."
    )


# "Best test accuracy" picks its epoch on the test clips: the discussion calls it optimistic and argues every
# verdict from the final epoch

# The RNN peaks high at epoch 2 and falls back; the CNN climbs steadily and ends ahead. By the best epoch
# the RNN wins (0.90 against 0.80); by the final epoch the CNN does (0.80 against 0.60).
PEAKED_RNN, PEAKED_CNN = [0.70, 0.90, 0.60], [0.60, 0.70, 0.80]
PEAKED_LABELS = [0, 1, 2] * 10


def peaked_history(acc):
    return [
        {"epoch": e + 1, "train_loss": 1.0, "train_acc": a, "test_loss": 1.0, "test_acc": a, "seconds": 0.1}
        for e, a in enumerate(acc)
    ]


def peaked_record() -> RunRecord:
    record = make_record(PEAKED_LABELS, PEAKED_LABELS, PEAKED_LABELS, rnn_params=1000, cnn_params=1000)
    record.id = "peaked"
    record.models["rnn"].history = [EpochScores(**h) for h in peaked_history(PEAKED_RNN)]
    record.models["cnn"].history = [EpochScores(**h) for h in peaked_history(PEAKED_CNN)]
    return record


def peaked_job(label: str, rnn=PEAKED_RNN, cnn=PEAKED_CNN) -> TrialResult:
    configs = {"rnn": RNNConfig(hidden=4, pooling=label if label in ("last", "mean", "max") else "last"),
               "cnn": CNNConfig(widths=(4,))}  # fmt: skip
    return TrialResult(
        label, configs, {"rnn": 100, "cnn": 100}, {"rnn": peaked_history(rnn), "cnn": peaked_history(cnn)},
        {"rnn": PEAKED_LABELS, "cnn": PEAKED_LABELS}, PEAKED_LABELS, list(range(len(PEAKED_LABELS))),
    )  # fmt: skip


def test_the_discussion_leads_with_the_final_epoch_and_calls_the_peak_optimistic():
    text = discuss_run(peaked_record())
    assert text.startswith("The RNN ended at 60.0% after 3 epochs. Its test accuracy peaked earlier, at 90.0% in ")
    assert "epoch 2 of 3, but that figure is optimistic" in text
    cnn = text[text.index("The CNN ended") :]
    assert cnn.startswith("The CNN ended at 80.0% after 3 epochs.") and "optimistic" not in cnn.split(".")[1]
    assert "optimista" in discuss_run(peaked_record(), "es")


def test_the_verdicts_are_argued_from_the_final_epoch():
    # One run: the CNN ends ahead, though the RNN had the best epoch.
    assert "The CNN ends 20.0 points ahead of the RNN (80.0% against 60.0%)." in discuss_run(peaked_record())
    # Seeds: the paired test compares final accuracies.
    seeds = summarize_seeds([peaked_job(str(s)) for s in range(3)])
    assert seeds.best["rnn"].mean > seeds.best["cnn"].mean and seeds.paired.mean_diff == pytest.approx(-0.2)
    assert paragraph(SeedStudy.verdict(seeds), "en").startswith(
        "Over 3 seeds, the RNN's final test accuracy minus the CNN's averages -20.0"
    )
    assert "The CNN ends 20.0 points ahead" in discuss_seeds(seeds)
    # Pooling, size sweep and leakage: the final accuracy decides.
    pooling = PoolingResult([peaked_job("last"), peaked_job("mean", rnn=[0.5, 0.95, 0.7], cnn=PEAKED_CNN)])
    assert pooling.best_pooling()["rnn"] == "mean" and pooling.grid()["mean"]["rnn"] == 0.7
    pooling = PoolingResult([peaked_job("last", rnn=[0.5, 0.99, 0.65]), peaked_job("mean", rnn=[0.5, 0.6, 0.7])])
    assert pooling.best_pooling()["rnn"] == "mean"  # 0.70 final beats a 0.99 peak that ended at 0.65
    sweep = summarize_sweep([peaked_job("4"), peaked_job("8")])
    assert "At 0 of 2 matched sizes the RNN ends ahead" in paragraph(SweepStudy.verdict(sweep), "en")
    leakage = LeakageResult([peaked_job("random"), peaked_job("group")])
    assert leakage.grid()["random"] == {"rnn": 0.6, "cnn": 0.8}
