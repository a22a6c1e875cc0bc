"""The words of the app in the reader's language, from the gettext catalogs har/locale/<lang>/LC_MESSAGES/<domain>.po:
msgctxt is a text's key, msgid its English, msgstr the translation. `render(message, lang)` turns the library's
Messages into text, `t(key, lang, **values)` serves the printers and pages. A plural entry takes the form its count
asks for by the language's CLDR rule (the file's Plural-Forms); the numbers in a text are written the reader's way
(`{n:,}` is 891,147 in English, 891.147 in Spanish). Nothing is read until the first text is asked for."""

from __future__ import annotations

import gettext
import io
import numbers
import os
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol, get_plus_sign_symbol

from har.messages import Message

DEFAULT = "en"
LOCALE_PATH_ENV = "HAR_LOCALE_PATH"  # folders of more catalogs (<lang>/LC_MESSAGES/<domain>.po), searched first
CATALOGS = Path(__file__).parent / "locale"
COUNT = "count: "  # the extracted comment that names a plural entry's count: `#. count: n`
# CLDR's minimumGroupingDigits where it is not 1 (Babel's locale data leaves it out): Spanish writes 5185 but 12.345.
MIN_GROUPING = {"es": 2, "pl": 2, "pt_PT": 2}


@dataclass(frozen=True)
class Source:
    """A key's English: the msgid (and msgid_plural), and which value is the count of a plural entry."""

    msgid: str
    plural: str | None = None
    count: str | None = None


def search_path() -> tuple[Path, ...]:
    """The folders catalogs are read from, in order: those named by HAR_LOCALE_PATH, then the package's own."""
    extra = os.environ.get(LOCALE_PATH_ENV, "")
    return (*(Path(p).expanduser() for p in extra.split(os.pathsep) if p.strip()), CATALOGS)


@cache
def _files(path: tuple[Path, ...]) -> dict[str, tuple[Path, ...]]:
    """Each language's .po files, in search order (a language is there when any of its catalogs is)."""
    found: dict[str, list[Path]] = {}
    for folder in path:
        for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
            found.setdefault(po.parent.parent.name, []).append(po)
    return {lang: tuple(files) for lang, files in found.items()}


@cache
def _read(po: Path):
    with po.open("rb") as f:
        return read_po(f, locale=po.parent.parent.name, domain=po.stem)


@cache
def _english(path: tuple[Path, ...]) -> dict[str, Source]:
    """Every key of the English catalogs (the first one found wins) and its English."""
    sources: dict[str, Source] = {}
    for po in _files(path).get(DEFAULT, ()):
        for m in _read(po):
            if not m.id or not m.context or m.context in sources:
                continue
            count = next((c[len(COUNT) :].strip() for c in m.auto_comments if c.startswith(COUNT)), None)
            if isinstance(m.id, tuple):
                sources[m.context] = Source(m.id[0], m.id[1], count)
            else:
                sources[m.context] = Source(m.id)
    return sources


def _compile(po: Path) -> gettext.GNUTranslations:
    """One catalog compiled in memory (fuzzy entries are left out, so they fall back to English)."""
    catalog = _read(po)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    translations = gettext.GNUTranslations(mo)
    rule, last = translations.plural, catalog.num_plurals - 1
    # gettext's rules are for integers: a count with a fraction (2.5), or one written out already ("891,147"),
    # takes the rule's last form, CLDR's "other".
    translations.plural = lambda n: rule(int(n)) if isinstance(n, numbers.Real) and float(n).is_integer() else last
    return translations


@cache
def _translations(path: tuple[Path, ...], lang: str) -> gettext.NullTranslations:
    """`lang`'s catalogs chained in search order, then English for what they lack."""
    chain: gettext.NullTranslations | None = None
    for po in _files(path).get(lang, ()):
        if chain is None:
            chain = _compile(po)
        else:
            chain.add_fallback(_compile(po))
    if lang != DEFAULT:
        english = _translations(path, DEFAULT)
        if chain is None:
            return english
        chain.add_fallback(english)
    return chain if chain is not None else gettext.NullTranslations()


def sources() -> dict[str, Source]:
    """Every key of the catalogs and its English."""
    return dict(_english(search_path()))


def languages() -> dict[str, str]:
    """{code: the language's own name} of every language with a catalog, English first: {"en": "English", "es":
    "Español"}; a language appears as soon as one .po file of it is found."""
    codes = sorted(_files(search_path()), key=lambda c: (c != DEFAULT, c))
    return {code: _name(code) for code in codes}


@cache
def _name(code: str) -> str:
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def known(lang: str) -> str:
    """`lang` when it has catalogs, else the default language."""
    return lang if lang in _files(search_path()) else DEFAULT


def template(key: str, lang: str = DEFAULT, count=None) -> str:
    """The text for `key` in `lang` with its `{fields}` unfilled; for a plural entry, the form a count of `count`
    takes (the plural one when no count is given)."""
    path = search_path()
    source = _english(path)[key]  # a key no catalog has is a bug: the catalog check finds it before a reader does
    translations = _translations(path, known(lang))
    if source.plural is None:
        return translations.pgettext(key, source.msgid)
    if isinstance(count, str) and count.strip() == "1":
        count = 1
    return translations.npgettext(key, source.msgid, source.plural, 2 if count is None else count)


def t(key: str, lang: str = DEFAULT, /, **values) -> str:
    """The text for `key` in `lang`, its `{name}` fields filled from `values`: numbers written the way `lang`
    writes them, Messages rendered in `lang` (and, for a plural entry, in the form its count asks for)."""
    source = _english(search_path())[key]
    text = template(key, lang, values[source.count] if source.count else None)
    if not values:
        return text
    values = {k: render(v, lang) if isinstance(v, Message) else v for k, v in values.items()}
    return formatter(known(lang)).format(text, **values)


def translator(lang: str):
    """A one-argument `t` bound to `lang`, for pages: `tr = translator(lang); tr("title")`."""
    lang = known(lang)
    return lambda key, **values: t(key, lang, **values)


def render(message: Message | str, lang: str = DEFAULT) -> str:
    """A har.messages.Message as text in `lang` (Message values inside it too); a str is a sentence already in
    words (an error raised with a plain sentence) and stays as it is."""
    return message if isinstance(message, str) else t(message.key, lang, **message.values)


def number(value, lang: str = DEFAULT, spec: str = "") -> str:
    """`value` written the way `lang` writes it, by a format spec: number(891147, "es", ",") == "891.147"."""
    return formatter(known(lang)).format_field(value, spec)


# --- numbers ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberStyle:
    """How a locale writes numbers (CLDR, through Babel): its symbols, where its percent sign goes, and from how
    many digits it groups thousands."""

    decimal: str
    group: str
    minus: str
    plus: str
    percent_prefix: str
    percent_suffix: str
    min_grouping: int

    @classmethod
    def of(cls, lang: str) -> NumberStyle:
        try:
            locale = Locale.parse(lang)
        except (ValueError, UnknownLocaleError):
            locale = Locale.parse(DEFAULT)
        pattern = locale.percent_formats[None]
        sign = locale.number_symbols[locale.default_numbering_system]["percentSign"]
        return cls(
            get_decimal_symbol(locale),
            get_group_symbol(locale),
            get_minus_sign_symbol(locale),
            get_plus_sign_symbol(locale),
            pattern.prefix[0].replace("%", sign),
            pattern.suffix[0].replace("%", sign),
            MIN_GROUPING.get(str(locale), MIN_GROUPING.get(locale.language, 1)),
        )

    def write(self, value, spec: str) -> str:
        """Python's `format(value, spec)` (precision, sign, exponent) in this locale's symbols; a plain int
        (spec "") is grouped, as the locale groups whole numbers."""
        if not spec and isinstance(value, numbers.Integral):
            spec = ","
        text = format(value, spec)
        whole = re.search(r"\d[\d,]*", text)  # the integer part: Python groups it by threes with ","
        if whole and len(whole[0].replace(",", "")) < 3 + self.min_grouping:
            text = text[: whole.start()] + whole[0].replace(",", "") + text[whole.end() :]
        percent = text.endswith("%")
        text = text.removesuffix("%").translate(
            {ord(","): self.group, ord("."): self.decimal, ord("-"): self.minus, ord("+"): self.plus}
        )
        if not percent:
            return text
        sign = text[0] if text[:1] in (self.minus, self.plus) else ""
        return sign + self.percent_prefix + text[len(sign) :] + self.percent_suffix


class NumberFormatter(string.Formatter):
    """`str.format` that writes each number field by its format spec in one locale's style; other values (and
    fields converted with !r or !s) are formatted as Python does."""

    def __init__(self, style: NumberStyle):
        super().__init__()
        self.style = style

    def format_field(self, value, format_spec: str) -> str:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return self.style.write(value, format_spec)
        return super().format_field(value, format_spec)


@cache
def formatter(lang: str) -> NumberFormatter:
    return NumberFormatter(NumberStyle.of(lang))
