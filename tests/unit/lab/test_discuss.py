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


def history(test_acc, train_acc, test_loss, *, running=None):
    """Epochs as a record of today writes them: train_acc measured in eval mode after the epoch, beside the running
    figure (fit_acc, `running` or a little lower); `running=False` makes them an older record's, without it."""
    return [
        {"epoch": e + 1, "train_loss": 1.0, "train_acc": tr, "test_loss": tl, "test_acc": te, "seconds": 0.1}
        | (
            {}
            if running is False
            else {"fit_loss": 1.1, "fit_acc": max(tr - 0.05, 0.0) if running is None else running}
        )
        for e, (te, tr, tl) in enumerate(zip(test_acc, train_acc, test_loss, strict=True))
    ]


def scores(test_acc, train_acc, test_loss, **kw):
    return [EpochScores(**h) for h in history(test_acc, train_acc, test_loss, **kw)]


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
    assert m.p < 0.001 and "more uneven than chance" in text and "p < 0.001" in text


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
        "Over 3 seeds, the RNN's final test accuracy minus the CNN's is -20.0 points in every seed"
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


# --- the checks before any verdict: the run's status, divergence, chance level, one epoch, ties -----------------
# Records with 11 classes, as UCF11 has: guessing gets 1/11 = 9.1%.

CLASSES = 11
LABELS_11 = list(range(CLASSES)) * 10  # 110 test clips


def predictions(right: int, shift: int = 0) -> list[int]:
    """Right on `right` of the 110 clips (a block starting at `shift`), wrong on the rest."""
    hit = {(shift + i) % len(LABELS_11) for i in range(right)}
    return [y if i in hit else (y + 1) % CLASSES for i, y in enumerate(LABELS_11)]


def scenario(rnn, cnn, *, status="finished", planned=None, shift=0, data="ucf11", split="random", older=False):
    """A record of both models; `rnn`/`cnn` hold per-epoch (train_acc, test_acc, test_loss); `older`: written before
    the training clips were measured in eval mode (train_acc is then the running figure)."""
    models = {}
    for name, epochs in (("rnn", rnn), ("cnn", cnn)):
        right = round(epochs[-1][1] * len(LABELS_11)) if epochs else 0
        models[name] = ModelRun(
            config=RNNConfig() if name == "rnn" else CNNConfig(),
            params=10_000 if name == "rnn" else 9_500,
            history=scores(
                [e[1] for e in epochs],
                [e[0] for e in epochs],
                [e[2] for e in epochs],
                **({"running": False} if older else {}),
            ),
            predictions=predictions(right, shift if name == "cnn" else 0) if epochs else [],
        )
    epochs = planned or max(len(rnn), len(cnn))
    return RunRecord(
        id="r2",
        created="2026-12-02T10:00:00",
        status=Status(status),
        message="",
        config=RunConfig(
            data=data, split=split, split_seed=0, test_fraction=0.2, train=TrainConfig(epochs=epochs), threads=1
        ),
        dataset=DatasetInfo(
            name="t", n=len(LABELS_11), t=1, f=1, class_names=tuple(f"c{i}" for i in range(CLASSES)), synthetic=False
        ),
        test_idx=list(range(len(LABELS_11))),
        test_labels=LABELS_11,
        test_keys=[str(i) for i in range(len(LABELS_11))],
        models=models,
    )


GOOD = [(0.5, 0.45, 1.5), (0.7, 0.6, 1.2), (0.8, 0.7, 1.1)]  # learns, a little overfitting
OK = [(0.4, 0.4, 1.6), (0.5, 0.5, 1.4), (0.55, 0.55, 1.3)]  # learns, no overfitting


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_rnn_wins_and_the_cnn_wins(lang):
    rnn_wins, cnn_wins = discuss_run(scenario(GOOD, OK), lang), discuss_run(scenario(OK, GOOD), lang)
    ahead = {"en": "{} ends 15.0 points ahead of {}", "es": "{} termina 15,0 puntos por delante de {}"}[lang]
    rnn, cnn = {"en": ("The RNN", "the CNN"), "es": ("La RNN", "la CNN")}[lang]
    assert ahead.format(rnn, cnn) in rnn_wins
    cnn_big, rnn_small = {"en": ("The CNN", "the RNN"), "es": ("La CNN", "la RNN")}[lang]
    assert ahead.format(cnn_big, rnn_small) in cnn_wins
    assert {"en": "McNemar's test", "es": "prueba de McNemar"}[lang] in rnn_wins


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_tie_names_no_winner_and_no_difference_to_explain(lang):
    text = discuss_run(scenario(OK, OK, shift=7), lang)
    assert {"en": "Both models end at the same test accuracy, 55.0%", "es": "misma exactitud en prueba, 55,0"}[
        lang
    ] in text
    assert "ahead" not in text and "por delante" not in text
    assert "does not explain the difference" not in text and "no explica la diferencia" not in text
    # McNemar says what it tests: how the clips where exactly one model is right split between them
    assert {"en": "exactly one model is right on", "es": "exactamente un modelo acierta en"}[lang] in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_diverged_model_is_named_and_no_race_is_argued(lang):
    # The CNN blew up in epoch 3: Train takes turns, so the RNN has 3 epochs and the CNN 2.
    text = discuss_run(scenario(GOOD, OK[:2], status="diverged", planned=10), lang)
    first = {"en": "The CNN diverged in epoch 3", "es": "La CNN divergió en la época 3"}[lang]
    assert text.startswith(first)
    assert {"en": "that is the model before it diverged", "es": "es el modelo antes de divergir"}[lang] in text
    assert {"en": "this run cannot say which model is better", "es": "no puede decir qué modelo es mejor"}[lang] in text
    assert "ahead" not in text and "por delante" not in text and "McNemar" not in text
    # the same number of epochs: the RNN, trained first in each turn, is the one that diverged
    assert discuss_run(scenario(OK[:2], OK[:2], status="diverged", planned=10)).startswith(
        "The RNN diverged in epoch 3"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_model_at_chance_level_gets_no_overfitting_verdict(lang):
    # 7.5% test after training at 10%: below the 9.1% of guessing, which once read "a little overfitting"
    chance = [(0.09, 0.08, 2.4), (0.10, 0.09, 2.4), (0.105, 0.075, 2.4)]
    text = discuss_run(scenario(GOOD, chance), lang)
    cnn = text[text.index({"en": "The CNN ended", "es": "La CNN terminó"}[lang]) :]
    assert {"en": "guessing gets (9.1%, one class in 11)", "es": "adivinando (9,1\xa0%, una clase de cada 11)"}[
        lang
    ] in cnn
    for verdict in ("overfits", "a little overfitting", "no sign of overfitting", "sobreajusta", "poco de sobreajuste"):
        assert verdict not in cnn
    assert {"en": "The CNN stayed at chance level", "es": "La CNN se quedó al nivel del azar"}[lang] in text
    assert "ahead" not in text and "por delante" not in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_after_one_epoch_training_accuracy_is_not_read_as_no_overfitting(lang):
    # 28.8% train vs 42.5% test after one epoch once read "end close: no sign of overfitting yet"
    text = discuss_run(scenario([(0.288, 0.425, 1.8)], [(0.5, 0.6, 1.5)], older=True), lang)
    assert {"en": "After a single epoch its training accuracy (28.8%)", "es": "Tras una sola época"}[lang] in text
    assert "end close" not in text and "terminan cerca" not in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_after_one_epoch_measured_in_eval_mode_it_is_too_early_not_incomparable(lang):
    text = discuss_run(scenario([(0.288, 0.425, 1.8)], [(0.5, 0.6, 1.5)]), lang)
    rnn = text.split({"en": "The CNN ended", "es": "La CNN terminó"}[lang])[0]
    assert {"en": "both measured after the epoch, but one epoch is too early", "es": "se miden ambas después"}[
        lang
    ] in rnn
    assert "weights were still changing" not in rnn and "los pesos aún cambiaban" not in rnn


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_dropout_rnn_is_judged_on_its_eval_mode_training_accuracy(lang):
    """The case that once read "no sign of overfitting yet": a dropout-0.5 RNN at 40.9% test, 38.8% as the running
    mean of its last epoch, 56.4% when its training clips are measured as the test clips are (a 15.5-point gap)."""
    rnn = [(0.30, 0.32, 1.9), (0.45, 0.38, 1.7), (0.564, 0.409, 1.6)]
    text = discuss_run(scenario(rnn, OK), lang)
    assert {"en": "It ends 15.5 points higher on its training clips (56.4%)", "es": "15,5 puntos"}[lang] in text
    assert {"en": "overfits clearly", "es": "sobreajusta claramente"}[lang] in text
    assert "earlier version" not in text and "versión anterior" not in text
    # the same numbers as an older record, whose train figure is the running mean: its gap is said to be understated
    older = [(0.30, 0.32, 1.9), (0.36, 0.38, 1.7), (0.388, 0.409, 1.6)]
    text = discuss_run(scenario(older, OK, older=True), lang)
    assert {"en": "the gap above is likely understated", "es": "probablemente se queda corta"}[lang] in text


def test_training_accuracy_below_test_is_not_called_close_and_an_exploding_loss_is_not_overfitting():
    below = [(0.3, 0.35, 1.6), (0.4, 0.5, 1.4), (0.45, 0.6, 1.3)]
    text = discuss_run(scenario(below, OK))
    assert "Its training accuracy (45.0%) ends below its test accuracy (60.0%), both measured the same way" in text
    text = discuss_run(scenario(below, OK, older=True))
    assert "the training figure is averaged during the epoch" in text
    exploding = [(0.5, 0.5, 1.0), (0.6, 0.58, 0.9), (0.62, 0.6, 2.7)]
    text = discuss_run(scenario(exploding, OK))
    assert "ended 200% higher: a loss that runs away like that points to unstable training" in text
    assert "sign of overfitting" not in text.split("The CNN ended")[0]


def test_a_stopped_run_says_it_is_unfinished():
    text = discuss_run(scenario(GOOD, GOOD, status="stopped", planned=10))
    assert text.startswith("The run stopped after 3 of 10 epochs: what follows describes unfinished training.")
    assert "se detuvo tras 3 de 10 épocas" in discuss_run(scenario(GOOD, GOOD, status="stopped", planned=10), "es")


def test_on_the_demo_the_discussion_says_the_winner_depends_on_the_split():
    assert "with a group split the ranking can reverse" in discuss_run(scenario(OK, GOOD, data="demo"))
    record = scenario(OK, GOOD, data="demo", split="group")
    assert "the ranking can come out the other way round" in discuss_run(record)
    assert "orden puede salir al revés" in discuss_run(record, "es")
    assert "ranking" not in discuss_run(scenario(OK, GOOD, split="group"))
