"""English and Spanish text for everything the dashboard and the lab say, from the catalogs in har/text/*.py
(each `TEXT = {key: {"en": ..., "es": ...}}`; a test checks that every key has both languages)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import har.text

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"


@cache
def catalog() -> dict[str, dict[str, str]]:
    """All keys of all catalogs; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for mod in pkgutil.iter_modules(har.text.__path__):
        text = importlib.import_module(f"har.text.{mod.name}").TEXT
        clash = merged.keys() & text.keys()
        if clash:
            raise KeyError(f"text keys defined twice: {sorted(clash)}")
        merged.update(text)
    return merged


def t(key: str, lang: str = DEFAULT, /, **values) -> str:
    """The text for `key` in `lang`, with `{name}` fields filled from `values`."""
    entry = catalog()[key]
    text = entry.get(lang) or entry[DEFAULT]
    return text.format(**values) if values else text


def translator(lang: str):
    """A one-argument `t` bound to `lang`, for pages: `tr = translator(lang); tr("title")`."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return lambda key, **values: t(key, lang, **values)
