"""Hostile run records (issue 20.7): JSON that a forged or broken upload could hold, each to be refused in one
sentence by har.runs.loads, the CLI and the Compare page alike."""

from __future__ import annotations

import copy
import json


def _with(record_json: str, how) -> str:
    d = json.loads(record_json)
    how(d)
    return json.dumps(d)


def _set(*path, value):
    def how(d):
        *parents, last = path
        for p in parents:
            d = d[p]
        d[last] = value

    return how


def _extra_models(n: int):
    def how(d):
        model = d["models"]["rnn"]
        d["models"] |= {f"m{i}": copy.deepcopy(model) for i in range(n)}

    return how


HOSTILE = {  # name -> (record JSON -> hostile JSON, a word the sentence must hold)
    "deeply nested": (lambda r: '{"format": "har-run", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests"),
    "Infinity params": (lambda r: _with(r, _set("models", "rnn", "params", value=float("inf"))), "Infinity"),
    "NaN accuracy": (lambda r: _with(r, _set("models", "rnn", "history", 0, "test_acc", value=float("nan"))), "NaN"),
    "750% accuracy": (lambda r: _with(r, _set("models", "cnn", "history", 0, "test_acc", value=7.5)), "test_acc"),
    "-5 params": (lambda r: _with(r, _set("models", "rnn", "params", value=-5)), "params"),
    "a string for a number": (lambda r: _with(r, _set("models", "rnn", "history", 0, "train_loss", value="1")), "loss"),
    "5000 extra models": (lambda r: _with(r, _extra_models(5000)), "models"),
    "10^30 params": (lambda r: _with(r, _set("models", "cnn", "params", value=10**30)), "params"),
}  # fmt: skip
