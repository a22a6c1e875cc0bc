"""English and Spanish text for everything the dashboard and the lab say, from the catalogs in har/text/*.py
(`TEXT = {key: {"en": ..., "es": ...}}`); a text showing a count holds plural forms chosen by that count:
`{"count": "n", "en": {"one": "{n} clip", "other": "{n} clips"}, "es": {...}}`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import har.text
from har.messages import Message

LANGUAGES = {"en": "English", "es": "Español"}
DEFAULT = "en"
FORMS = ("one", "other")  # the plural forms of English and Spanish: 1, and every other count


@cache
def catalog() -> dict[str, dict]:
    """All keys of all catalogs; a key defined twice is an error."""
    merged: dict[str, dict] = {}
    for mod in pkgutil.iter_modules(har.text.__path__):
        text = importlib.import_module(f"har.text.{mod.name}").TEXT
        clash = merged.keys() & text.keys()
        if clash:
            raise KeyError(f"text keys defined twice: {sorted(clash)}")
        merged.update(text)
    return merged


def plural_form(n) -> str:
    """ "one" for a count of 1 (a number equal to 1, or the text "1"), else "other": the rule of English and
    Spanish ("0 clips", "1 clip", "2 clips"; a decimal such as "1.0 points" stays plural as written)."""
    one = n == 1 if isinstance(n, (int, float)) and not isinstance(n, bool) else str(n).strip() == "1"
    return "one" if one else "other"


def forms(entry: dict, lang: str) -> dict[str, str]:
    """The texts of a catalog entry in `lang`: {"": text}, or {"one": ..., "other": ...} for a plural entry."""
    text = entry.get(lang) or entry[DEFAULT]
    return dict(text) if isinstance(text, dict) else {"": text}


def template(key: str, lang: str = DEFAULT, count=None) -> str:
    """The text for `key` in `lang` with its `{fields}` unfilled; for a plural entry, the form a count of
    `count` takes ("other" when no count is given)."""
    text = catalog()[key].get(lang) or catalog()[key][DEFAULT]
    if isinstance(text, dict):
        text = text["other" if count is None else plural_form(count)]
    return text


def t(key: str, lang: str = DEFAULT, /, **values) -> str:
    """The text for `key` in `lang`, with `{name}` fields filled from `values` (and, for a plural entry, the
    form its count asks for)."""
    entry = catalog()[key]
    text = template(key, lang, values[entry["count"]] if "count" in entry else None)
    return text.format(**values) if values else text


def translator(lang: str):
    """A one-argument `t` bound to `lang`, for pages: `tr = translator(lang); tr("title")`."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return lambda key, **values: t(key, lang, **values)


def render(message, lang: str = DEFAULT) -> str:
    """A har.messages.Message as text in `lang`; Message values inside it are rendered in `lang` too."""
    values = {k: render(v, lang) if isinstance(v, Message) else v for k, v in message.values.items()}
    return t(message.key, lang, **values)
