"""Every text in both languages, with the same placeholders, each key defined once."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
from collections import Counter
from pathlib import Path

import pytest

import har.i18n
import har.text
from har.i18n import DEFAULT, FORMS, LANGUAGES, catalog, forms, t, translator

TEXT_DIR = Path(har.text.__file__).parent


def _fields(text: str) -> set[str]:
    """The names of the `{placeholders}` in `text` (raises ValueError on unbalanced braces)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalog_problems(cat: dict) -> list[str]:
    """Every way `cat` breaks the catalog's rules, one line each."""
    problems = []
    for key, entry in cat.items():
        if not isinstance(entry, dict):
            problems.append(f"{key}: not a dict of languages")
            continue
        fields = {}
        for lang in LANGUAGES:
            texts = entry.get(lang)
            if isinstance(texts, dict):  # plural forms, chosen by the count the entry names
                if set(texts) != set(FORMS) or not isinstance(entry.get("count"), str):
                    problems.append(f"{key}: {lang!r} plural forms need exactly {FORMS} and a count")
                    continue
                texts = texts["other"]  # "one" may leave the number out ("the completed epoch")
            if not isinstance(texts, str) or not texts.strip():
                problems.append(f"{key}: no {lang!r} text")
                continue
            try:
                fields[lang] = _fields(texts)
            except ValueError as e:
                problems.append(f"{key}: {lang!r} has bad braces ({e})")
        if len(fields) == len(LANGUAGES) and len({frozenset(f) for f in fields.values()}) > 1:
            problems.append(f"{key}: placeholders differ {fields}")
        if "count" in entry and fields and entry["count"] not in fields.get(DEFAULT, set()):
            problems.append(f"{key}: counts {entry['count']!r}, which it does not show")
    return problems


def duplicate_keys(source: str) -> list[str]:
    """Keys written twice in the `TEXT = {...}` literal of a catalog module (Python keeps the last)."""
    dups = []
    for node in ast.walk(ast.parse(source)):
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        if any(isinstance(t, ast.Name) and t.id == "TEXT" for t in targets) and isinstance(node.value, ast.Dict):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            dups += [k for k, n in Counter(keys).items() if n > 1]
    return dups


def _modules():
    return [m.name for m in pkgutil.iter_modules(har.text.__path__)]


def test_every_key_has_both_languages_and_the_same_placeholders():
    problems = catalog_problems(catalog())
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("module", _modules())
def test_no_key_is_written_twice_in_a_catalog(module):
    source = (TEXT_DIR / f"{module}.py").read_text(encoding="utf-8")
    assert duplicate_keys(source) == []
    assert isinstance(importlib.import_module(f"har.text.{module}").TEXT, dict)


def test_no_key_is_defined_in_two_catalogs():
    seen: dict[str, str] = {}
    clashes = []
    for module in _modules():
        for key in importlib.import_module(f"har.text.{module}").TEXT:
            if key in seen:
                clashes.append(f"{key} in {seen[key]} and {module}")
            seen[key] = module
    assert clashes == []
    assert set(catalog()) == set(seen)


def test_every_text_formats_in_both_languages():
    for key, entry in catalog().items():
        names = {name.split(".")[0].split("[")[0] for text in forms(entry, DEFAULT).values() for name in _fields(text)}
        for count in (1, 2):  # both plural forms
            values = {name: count for name in names if name.isidentifier()}
            for lang in LANGUAGES:
                text = t(key, lang, **values) if values else t(key, lang)
                assert isinstance(text, str) and text.strip(), (key, lang)


# The checks above must be able to fail: each rule broken once on a hand-built catalog.
BAD = {
    "ok": {"en": "Epoch {epoch} of {epochs}", "es": "Época {epoch} de {epochs}"},
    "no_es": {"en": "Hello"},
    "empty_en": {"en": "  ", "es": "Hola"},
    "other_fields": {"en": "{n} clips", "es": "{count} clips"},
    "missing_field": {"en": "{n} clips in {k} classes", "es": "{n} clips"},
    "bad_braces": {"en": "a {b", "es": "a b"},
    "not_a_dict": "Hello",
    "plural_no_count": {"en": {"one": "{n} clip", "other": "{n} clips"}, "es": {"one": "{n} clip", "other": "x"}},
    "plural_one_form": {"count": "n", "en": {"other": "{n} clips"}, "es": {"one": "1", "other": "{n} clips"}},
    "plural_wrong_count": {"count": "k", "en": {"one": "a", "other": "{n} b"}, "es": {"one": "a", "other": "{n} b"}},
}


def test_the_checks_catch_each_broken_rule():
    problems = catalog_problems(BAD)
    flagged = {p.split(":")[0] for p in problems}
    assert flagged == set(BAD) - {"ok"}
    source = (
        'TEXT = {\n    "a": {"en": "x", "es": "y"},\n    "b": {"en": "x", "es": "y"},\n'
        '    "a": {"en": "z", "es": "w"},\n}\n'
    )
    assert duplicate_keys(source) == ["a"]


def test_translation_falls_back_to_english(monkeypatch):
    fake = {"greet": {"en": "Hello {name}", "es": "Hola {name}"}, "only_en": {"en": "English only"}}
    monkeypatch.setattr(har.i18n, "catalog", lambda: fake)
    assert t("greet", "es", name="Ana") == "Hola Ana"
    assert t("only_en", "es") == "English only"
    assert translator("es")("greet", name="Ana") == "Hola Ana"
    assert translator("xx")("greet", name="Ana") == "Hello Ana"  # unknown language: English
    with pytest.raises(KeyError):
        t("missing")
