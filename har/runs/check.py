"""Reading one JSON value of a run record, checked: its type, its range and its size, refused in one sentence
that names where in the record it is ("models.rnn.history[3].test_acc must be a number from 0 to 1")."""

from __future__ import annotations

import json
import math
import re

import numpy as np

from har.errors import HarError
from har.messages import Message

MAX_MB = 20  # a file's size: a record is a few hundred kB even for long runs (the app's upload limit too)
MAX_DEPTH = 8  # a record nests 6 deep (models.rnn.confusions[epoch][row][col]); anything deeper is not one
MAX_MODELS = 8  # a record holds a pair; a few more leaves room, thousands cost seconds to draw
MAX_CLIPS = 100_000  # test clips (UCF11 has 1,600 clips in all)
MAX_CLASSES = 256
MAX_CELLS = 4_000_000  # numbers in one model's confusion matrices and probabilities together
MAX_PARAMS = 10**12  # exclusive: no model of this app comes near
MAX_NAME = 200  # characters of an id, a name, a class name or a clip key
MAX_TEXT = 2_000  # characters of a message or a path
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_OPEN, _CLOSE = np.frombuffer(b"[{", np.uint8), np.frombuffer(b"]}", np.uint8)


def refuse(where: str, rule: Message) -> HarError:
    """The one sentence that says which value of the record is wrong and what it must be."""
    return HarError.of("run.refused", field=where, rule=rule)


def parse(text: str | bytes):
    """The JSON value of `text`, refused before parsing when it nests deeper than MAX_DEPTH, and refused when it
    holds Infinity or NaN (which Python's json reads by default and no measurement of a run can be)."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
    except UnicodeDecodeError as e:
        raise HarError.of("run.not_json", detail=str(e)) from None
    if depth(text) > MAX_DEPTH:
        raise HarError.of("run.too_deep", most=MAX_DEPTH)
    try:
        return json.loads(text, parse_constant=_not_finite)
    except ValueError as e:
        raise HarError.of("run.not_json", detail=str(e)) from None


def _not_finite(constant: str):
    raise HarError.of("run.not_finite", value=constant)


def depth(text: str) -> int:
    """How deep the arrays and objects of JSON `text` nest (brackets inside strings do not count)."""
    bare = np.frombuffer(_STRING.sub("", text).encode("utf-8", "replace"), np.uint8)
    steps = np.isin(bare, _OPEN).astype(np.int32) - np.isin(bare, _CLOSE).astype(np.int32)
    return int(np.cumsum(steps).max(initial=0))


def member(d: dict, key: str, where: str):
    if key not in d:
        raise refuse(at(where, key), Message("error.run.rule.missing"))
    return d[key]


def obj(value, where: str, most: int | None = None) -> dict:
    if not isinstance(value, dict):
        raise refuse(where, Message("error.run.rule.object"))
    if most is not None and len(value) > most:
        raise refuse(where, Message("error.run.rule.too_many", n=len(value), most=most))
    return value


def array(value, where: str, most: int, length: int | None = None) -> list:
    if not isinstance(value, list):
        raise refuse(where, Message("error.run.rule.list"))
    if len(value) > most:
        raise refuse(where, Message("error.run.rule.too_many", n=len(value), most=most))
    if length is not None and len(value) != length:
        raise refuse(where, Message("error.run.rule.length", n=len(value), expected=length))
    return value


def integer(value, where: str, low: int, high: int) -> int:
    """An int in [low, high] (a bool or a float such as 5.0 is not one)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise refuse(where, Message("error.run.rule.integer", low=low, high=high))
    if not low <= value <= high:
        raise refuse(where, Message("error.run.rule.integer", low=low, high=high))
    return value


def number(value, where: str, low: float = -math.inf, high: float = math.inf) -> float:
    """A finite float in [low, high]; an int is one too."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise refuse(where, _number_rule(low, high))
    if not low <= value <= high:
        raise refuse(where, _number_rule(low, high))
    return float(value)


def _number_rule(low: float, high: float) -> Message:
    low, high = (int(v) if math.isfinite(v) and v == int(v) else v for v in (low, high))
    if math.isinf(low) and math.isinf(high):
        return Message("error.run.rule.number")
    if math.isinf(high):
        return Message("error.run.rule.at_least", low=low)
    return Message("error.run.rule.between", low=low, high=high)


def optional_number(value, where: str, low: float = -math.inf, high: float = math.inf) -> float | None:
    return None if value is None else number(value, where, low, high)


def text(value, where: str, most: int = MAX_NAME) -> str:
    if not isinstance(value, str):
        raise refuse(where, Message("error.run.rule.text"))
    if len(value) > most:
        raise refuse(where, Message("error.run.rule.too_long", n=len(value), most=most))
    return value


def flag(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise refuse(where, Message("error.run.rule.bool"))
    return value


def choice(value, where: str, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        raise refuse(where, Message("error.run.rule.choice", choices=", ".join(choices)))
    return value


def at(where: str, key) -> str:
    """The path of `key` inside `where`: "models" + "rnn" -> "models.rnn", "history" + 3 -> "history[3]"."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)
