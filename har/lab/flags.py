"""A study's options on the command line, derived from their har.schema declarations: one flag per setting
(its help, bounds and choices from the declaration), read back into the study's Options dataclass."""

from __future__ import annotations

import argparse
import dataclasses
import typing

from har.errors import HarError
from har.i18n import t
from har.schema import Setting, settings_of
from har.weights import CLIP_CHOICES


@dataclasses.dataclass(frozen=True)
class Option:
    """One declared option: its field, its declaration, its default and its kind of value."""

    name: str  # the field of the Options dataclass
    setting: Setting
    default: object
    kind: type  # int, float or str: the value, or each item of a tuple
    many: bool  # a tuple of values, given as "a,b,c"

    @property
    def flag(self) -> str:
        return "--" + self.setting.flag

    @property
    def dest(self) -> str:
        return self.setting.flag.replace("-", "_")


def options_of(cls: type) -> list[Option]:
    """Every declared setting of an Options dataclass, with what its type annotation says about its values."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    found = []
    for name, declared in settings_of(cls).items():
        hint = hints[name]
        many = typing.get_origin(hint) is tuple
        kind = typing.get_args(hint)[0] if many else hint
        f = fields[name]
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
        found.append(Option(name, declared, default, kind, many))
    return found


def add_options(parser: argparse.ArgumentParser, cls: type) -> None:
    """One flag per option, its help the declared sentence (in English, as the rest of --help)."""
    for o in options_of(cls):
        default = ",".join(map(str, o.default)) if o.many else o.default
        parser.add_argument(o.flag, dest=o.dest, help=f"{t(o.setting.help)} (default {default})")


def options_from(args, cls: type):
    """The Options dataclass from the flags given (each other option its default); a bad value is a HarError."""
    given = {}
    for o in options_of(cls):
        text = getattr(args, o.dest, None)
        if text is not None:
            given[o.name] = parse(o, text)
    return cls(**given)


def parse(o: Option, text: str):
    """One flag's text as its option's value, checked against the declared bounds or choices."""
    parts = [p.strip() for p in text.split(",") if p.strip()] if o.many else [text.strip()]
    try:
        values = [o.kind(p) for p in parts]
    except ValueError:
        example = ",".join(map(str, o.default)) if o.many else str(o.default)
        key = "lab.option_list" if o.many else "lab.option_value"
        raise HarError.of(key, flag=o.flag, value=text, example=example) from None
    for v in values:
        low, high = o.setting.bounds or (None, None)
        if (low is not None and v < low) or (high is not None and v > high):
            raise HarError.of("lab.option_range", flag=o.flag, value=text, low=low, high=high)
        if o.setting.choices is not None and v not in o.setting.choices:
            raise HarError.of("lab.option_choice", flag=o.flag, value=v, valid=", ".join(map(str, o.setting.choices)))
    return tuple(values) if o.many else values[0]


def add_clip_choice(p: argparse.ArgumentParser, prefix: str = "") -> None:
    """--on and --allow-overlap: which clips saved models are scored on, and whether training clips may be."""
    p.add_argument(
        "--on",
        choices=CLIP_CHOICES,
        default="test",
        help=prefix + "the test clips saved with the weights (default), the test clips of --split/--split-seed, or "
        "every clip",
    )
    p.add_argument(
        "--allow-overlap",
        action="store_true",
        help=prefix + "score clips the models trained on too, labelled as not a test accuracy (refused otherwise)",
    )
