"""A sentence as data: a catalog key and the values that fill it. The library returns these; only the
dashboard and the command-line printers turn them into words, in the reader's language (har.i18n.render)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Message:
    """`Message("lab.discuss.model", model=Message("lab.model.rnn"), final=0.812)`: a key of the catalogs
    and its placeholder values; a value may itself be a Message, rendered in the same language."""

    key: str
    values: Mapping[str, object]

    def __init__(self, key: str, /, **values):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", MappingProxyType(dict(values)))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"Message({self.key!r}{', ' if inner else ''}{inner})"

    def __reduce__(self):
        # A Message crosses processes (a worker's error, a Ray task's): rebuilt from its key and a plain dict.
        return _restore, (self.key, dict(self.values))

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, repr(v)) for k, v in self.values.items()))))


def _restore(key: str, values: dict) -> Message:
    return Message(key, **values)
