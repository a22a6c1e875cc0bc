"""A lab study's finished trials as text, and the study back from that text: what the run store keeps of a browser's
lab results (har/store), so that a reload or a server restart shows them again without training anything.

The text holds the study's name, its options, the setup it was built from (the share link's form), the fingerprint
of the data it ran on, and each finished trial's test clips, curves and test predictions; a study that keeps its models
(the order study) keeps their weights file beside it. The study is rebuilt from its setup and options, exactly as when
it started, and its trials' results are filled in; a text that does not fit the rebuilt study (other data, a split
that came out differently, a trial of the wrong length, a study renamed since) gives None, never a wrong result.

    text = dumps(study, options, inputs)
    study, options = loads(text, data)            # the same data set; None when anything does not fit
"""

from __future__ import annotations

import dataclasses
import json
import math
from urllib.parse import urlencode

import numpy as np

from har.configs import SetupConfig
from har.data.dataset import Dataset, fingerprint
from har.data.splits import make_split
from har.errors import HarError
from har.lab.core import Inputs, Study, TrialResult
from har.lab.flags import options_of
from har.lab.registry import studies
from har.models import from_state
from har.params import count_params
from har.share import decode, encode
from har.weights import load_weights

VERSION = 1
SCORES = ("epoch", "train_loss", "train_acc", "test_loss", "test_acc")  # what every epoch of a curve must hold


def dumps(study: Study, options, inputs: Inputs) -> str:
    """`study`'s finished trials (none of their models: see `weights`) as the store keeps them."""
    setup = SetupConfig(
        split=inputs.split.kind,
        split_seed=inputs.split_seed,
        test_fraction=inputs.test_fraction,
        rnn=inputs.models["rnn"],
        cnn=inputs.models["cnn"],
        train=inputs.train,
    )
    done = sorted(study._filed, key=lambda x: x[0])
    return json.dumps(
        {
            "version": VERSION,
            "study": study.name,
            "options": {f.name: _plain(getattr(options, f.name)) for f in dataclasses.fields(options)},
            "setup": urlencode({k: v for k, v in encode(setup).items() if k not in ("lang", "data")}),
            "data": fingerprint(study.data),
            "trials": len(study.trials),
            "results": [
                {"trial": i, "test_idx": r.test_idx, "history": r.history, "test_pred": r.test_pred} for i, r in done
            ],
        },
        allow_nan=False,
    )


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def loads(text: str, data: Dataset, weights: bytes | None = None) -> tuple[Study, object] | None:
    """The study `text` describes, over `data`, with its finished trials' results in place, and its options; None
    when the text is not one of ours, was made on other data, or does not fit the study its setup rebuilds."""
    try:
        saved = json.loads(text)
        if not isinstance(saved, dict) or saved.get("version") != VERSION or saved.get("data") != fingerprint(data):
            return None
        cls = studies().get(saved["study"])
        options = _options(cls, saved["options"]) if cls is not None else None
        if options is None:
            return None
        setup, warnings = decode(saved["setup"])
        if warnings:
            return None
        split = make_split(data, setup.split, test_fraction=setup.test_fraction, seed=setup.split_seed)
        inputs = Inputs(data, split, setup.models(), setup.train, setup.split_seed, setup.test_fraction)
        study = cls.build(inputs, options)
        if len(study.trials) != saved["trials"] or not _fill(study, saved["results"], weights):
            return None
    except (HarError, ValueError, TypeError, KeyError, AttributeError, RuntimeError):  # RuntimeError: torch's
        return None
    return study, options


def _options(cls: type[Study], values) -> object | None:
    declared = options_of(cls.Options)
    if not isinstance(values, dict) or set(values) != {o.name for o in declared}:
        return None
    given = {}
    for o in declared:
        v = values[o.name]
        items = v if o.many else [v]
        if not isinstance(items, list) or not all(isinstance(x, o.kind) and not isinstance(x, bool) for x in items):
            return None
        given[o.name] = tuple(items) if o.many else v
    return cls.Options(**given)


def _fill(study: Study, results, weights: bytes | None) -> bool:
    """Put the saved results into the rebuilt `study`; False when one does not fit its trial."""
    if not isinstance(results, list) or len({kept["trial"] for kept in results}) != len(results):
        return False
    models = None
    if study.keep_models:
        if weights is None or not results:
            return False
        models = load_weights(weights).models
    n_classes = len(study.data.class_names)
    for k, kept in enumerate(results):
        i = kept["trial"]
        if not isinstance(i, int) or not 0 <= i < len(study.trials):
            return False
        trial = study.trials[i]
        history, test_pred, test_idx = kept["history"], kept["test_pred"], np.asarray(trial.split.test_idx).tolist()
        n_test = len(test_idx)
        if kept["test_idx"] != test_idx:  # the split came out differently: the predictions are of other clips
            return False
        if set(history) != set(trial.models) or set(test_pred) != set(trial.models):
            return False
        for name in trial.models:
            epochs, pred = history[name], test_pred[name]
            if len(epochs) != trial.train.epochs or not all(_epoch(e) for e in epochs):
                return False
            if len(pred) != n_test or not all(isinstance(p, int) and 0 <= p < n_classes for p in pred):
                return False
        weights_of = {}
        if models is not None and k == 0:  # the weights file holds the first finished trial's models
            shape = study.data.shape
            weights_of = {n: from_state(trial.models[n], models[n].state_dict(), **shape) for n in trial.models}
        study._file(
            i,
            TrialResult(
                label=trial.label,
                configs=dict(trial.models),
                params={n: count_params(c, **study.data.shape) for n, c in trial.models.items()},
                history={n: list(h) for n, h in history.items()},
                test_pred={n: list(p) for n, p in test_pred.items()},
                test_labels=study.data.y[trial.split.test_idx].tolist(),
                test_idx=test_idx,
                models=weights_of,
            ),
        )
    study.stopped = len(study.results) < len(study.trials)
    return True


def _epoch(e) -> bool:
    return isinstance(e, dict) and all(
        isinstance(e.get(k), int | float) and not isinstance(e.get(k), bool) and math.isfinite(e[k]) for k in SCORES
    )
