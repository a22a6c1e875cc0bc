"""A lab study kept as text (har/lab/saved.py) comes back whole: every study of the registry, rebuilt from the text
over the same data, gives the same result, tables and paragraph as the study that ran, its options as they were,
and the order study its models; other data, a changed split and a tampered or foreign text give None."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from support.lab import FAST, TINY, grouped, ran

from har.backends import InProcess
from har.data.splits import make_split
from har.i18n import render
from har.jobs import TrainingLimiter
from har.lab import saved
from har.lab.core import Inputs
from har.lab.job import StudyJob
from har.lab.registry import studies
from har.lab.studies.order import OrderStudy
from har.lab.studies.seeds import SeedsOptions, SeedStudy
from har.lab.studies.sweep import SweepOptions

DATA = grouped(groups=4, per_group=3)
OPTIONS = {"seeds": SeedsOptions(seeds=2), "sweep": SweepOptions(hidden=(4, 6))}
LIMITER = TrainingLimiter(1)


def inputs(data=DATA, kind="group", seed=0, fraction=0.25) -> Inputs:
    split = make_split(data, kind, test_fraction=fraction, seed=seed)
    return Inputs(data, split, dict(TINY), FAST, split_seed=seed, test_fraction=fraction)


def words(study, result) -> list:
    """Everything a reader gets of `result`: its tables' cells and its paragraph, in English."""
    cells = [[render(c, "en") if hasattr(c, "key") else c for c in row] for t in study.tables(result) for row in t.rows]
    closing = study.discussion(result) or study.verdict(result)
    return [cells, [render(m, "en") for m in closing]]


@pytest.fixture(scope="module")
def finished():
    """Every study of the registry, run to its end on tiny models, with its options and inputs."""
    out = {}
    for name, cls in studies().items():
        options = OPTIONS.get(name, cls.Options())
        out[name] = (ran(cls.build(inputs(), options)), options)
    return out


def test_every_study_comes_back_from_its_text_with_the_same_result_tables_and_paragraph(finished):
    for name, (study, options) in finished.items():
        job = StudyJob(study, limiter=LIMITER, backend=InProcess())
        text = saved.dumps(study, options, inputs())
        back = saved.loads(text, DATA, job.weights())
        assert back is not None, name
        again, options_again = back
        assert type(again) is type(study) and options_again == options and not again.stopped, name
        assert [r.history for r in again.results] == [r.history for r in study.results], name
        assert [r.test_pred for r in again.results] == [r.test_pred for r in study.results], name
        assert words(type(study), again.result()) == words(type(study), study.result()), name


def test_the_order_study_needs_and_gets_its_models_back(finished):
    study, options = finished["order"]
    weights = StudyJob(study, limiter=LIMITER, backend=InProcess()).weights()
    text = saved.dumps(study, options, inputs())
    assert saved.loads(text, DATA) is None  # its result is computed from the models: without them, nothing
    again, _ = saved.loads(text, DATA, weights)
    for name, model in study.results[0].models.items():
        kept = again.results[0].models[name].state_dict()
        assert all((kept[k] == v).all() for k, v in model.state_dict().items())
    assert again.result().acc == study.result().acc


def test_a_stopped_study_comes_back_stopped_with_its_finished_trials_only(finished):
    study, options = finished["seeds"]
    short = SeedStudy.build(inputs(), options)
    short._file(1, study.results[1])  # only the second seed finished
    back, _ = saved.loads(saved.dumps(short, options, inputs()), DATA)
    assert back.stopped and [r.label for r in back.results] == ["1"]
    assert back.result().seeds == [1]


def test_other_data_or_a_split_that_comes_out_differently_gives_nothing(finished):
    study, options = finished["seeds"]
    text = saved.dumps(study, options, inputs())
    assert saved.loads(text, grouped(groups=4, per_group=3, seed=1)) is None  # other clips: another fingerprint
    moved = json.loads(text)
    moved["setup"] = moved["setup"].replace("ss=0", "ss=1")  # another split: the predictions are of other clips
    assert saved.loads(json.dumps(moved), DATA) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d.update(version=99),
        lambda d: d.update(study="nosuch"),
        lambda d: d.update(options={"seeds": "two"}),
        lambda d: d.update(options={"seeds": 2, "extra": 1}),
        lambda d: d.update(trials=5),
        lambda d: d["results"].append(dict(d["results"][0])),  # a trial given twice
        lambda d: d["results"][0].update(trial=-1),
        lambda d: d["results"][0]["history"]["rnn"].pop(),  # one epoch short
        lambda d: d["results"][0]["history"]["rnn"][0].update(test_acc=float("nan")),
        lambda d: d["results"][0]["history"]["rnn"][0].update(test_acc="0.5"),
        lambda d: d["results"][0]["test_pred"]["cnn"].append(0),
        lambda d: d["results"][0]["test_pred"]["cnn"].__setitem__(0, 99),
        lambda d: d["results"][0].pop("test_pred"),
        lambda d: d.update(setup="rh=abc"),
    ],
    ids=[
        "version", "study", "option type", "option extra", "trials", "twice", "index", "short", "nan", "string",
        "long preds", "class", "missing", "setup",
    ],
)  # fmt: skip
def test_a_tampered_text_gives_nothing(finished, tamper):
    study, options = finished["seeds"]
    d = json.loads(saved.dumps(study, options, inputs()))
    tamper(d)
    assert saved.loads(json.dumps(d), DATA) is None
    assert saved.loads("not json", DATA) is None and saved.loads("[1, 2]", DATA) is None


def test_an_order_study_with_weights_of_other_models_gives_nothing(finished):
    study, options = finished["order"]
    other = ran(OrderStudy.build(replace(inputs(), models={**TINY, "rnn": replace(TINY["rnn"], hidden=6)}), options))
    weights = StudyJob(other, limiter=LIMITER, backend=InProcess()).weights()
    assert saved.loads(saved.dumps(study, options, inputs()), DATA, weights) is None
