"""The command line's setup options, derived from the settings' declarations (har/slots.py): `har train`, every
`har lab` study and `har params` build them here, so a flag has one spelling, one help sentence and one check.

A setup is read in this order: `--setup LINK`, then `--preset` (a pair of models), then `--rnn-preset` and
`--cnn-preset`, then each setting's own flag. A bad value is one sentence naming the flag and what is valid.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from urllib.parse import urlsplit

from har.configs import SetupConfig
from har.errors import HarError
from har.i18n import render
from har.messages import Message
from har.presets import PRESETS, SETUPS, preset_setup
from har.schema import sections_of
from har.share import decode
from har.slots import Slot, kind_of, read, section_slots, selector, slots, write

SETUP_TITLE = "setup"  # the argument group every command's setup flags are in
FLAG_SEP = ","  # a command line joins a list's numbers with commas (a link, with "-")


def add_setup(parser: argparse.ArgumentParser, *, data: bool = True) -> None:
    """The setup flags: --setup, --preset, --rnn-preset, --cnn-preset and one flag per setting (--data too
    unless `data` is False)."""
    group = parser.add_argument_group(SETUP_TITLE, "the data, split, both models and the training")
    group.add_argument("--setup", metavar="LINK", help="start from a shared link or its query string")
    group.add_argument("--preset", choices=tuple(SETUPS), help="start from a named pair of models")
    for family, examples in (("rnn", "notebook-rnn, small-rnn"), ("cnn", "matched-cnn, small-cnn, notebook-cnn")):
        group.add_argument(f"--{family}-preset", metavar="NAME", help=f"start the {family.upper()} from {examples}")
    for s in slots():
        if data or not s.setting.paths:
            _add(group, s)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """The flags of both models' settings alone (`har params`)."""
    group = parser.add_argument_group("model", "the model's settings (the RNN's or the CNN's)")
    for family in ("rnn", "cnn"):
        for s in section_slots(family):
            _add(group, s)


def _add(group, s: Slot) -> None:
    if s.setting.kind == "bool":
        both = group.add_mutually_exclusive_group()
        both.add_argument(s.flag, dest=s.dest, action="store_const", const="1", help=_help(s))
        if s.off_flag:
            off = render(Message("setup.flag.off", flag=s.flag), "en")
            both.add_argument(s.off_flag, dest=s.dest, action="store_const", const="0", help=off)
        return
    group.add_argument(s.flag, dest=s.dest, metavar=_metavar(s), help=_help(s))


def _metavar(s: Slot) -> str:
    if s.setting.choices:
        return "{" + ",".join(s.setting.choices + (("PATH",) if s.setting.paths else ())) + "}"
    return {"int": "N", "float": "X", "ints": "N,N,..."}.get(s.setting.kind, s.name.upper())


def _help(s: Slot) -> str:
    default = read(SetupConfig(), s)
    text = render(Message("setup.flag.default", help=Message(s.setting.help), default=_shown(s, default)), "en")
    return text.replace("%", "%%")  # argparse formats help with %


def _shown(s: Slot, value) -> str:
    if value is None:  # a setting of another kind of config than the default's
        return "-"
    if s.setting.kind == "bool":
        return s.flag if value else s.off_flag
    return s.setting.text(value, FLAG_SEP) if s.setting.kind in ("ints", "float") else str(value)


def setup_from(args: argparse.Namespace) -> tuple[SetupConfig, list[Message]]:
    """The setup the flags describe, and the link's warnings (a bad value in a shared link falls back to its
    default, as in the app); a bad flag value raises HarError."""
    setup, warnings = decode(_query(args.setup)) if getattr(args, "setup", None) else (SetupConfig(), [])
    if getattr(args, "preset", None):
        setup = preset_setup(args.preset, setup)
    for family in ("rnn", "cnn"):
        name = getattr(args, f"{family}_preset", None)
        if name:
            setup = replace(setup, **{family: model_preset(name, family).config})
    values = flag_values(args)
    return write(setup, _with_kind(setup, values, args)), warnings


def flag_values(args: argparse.Namespace) -> dict[Slot, object]:
    """Slot -> value of each setting flag given, each checked against its declaration."""
    values = {}
    for s in slots():
        text = getattr(args, s.dest, None)
        if text is not None:
            values[s] = text if s.setting.paths else _parse(s, text)
    return values


def _parse(s: Slot, text: str):
    try:
        return s.setting.parse(text, FLAG_SEP)
    except ValueError:
        valid = s.setting.valid(FLAG_SEP)
        raise HarError(render(Message("setup.flag.bad", flag=s.flag, value=repr(text), valid=valid), "en")) from None


def _with_kind(setup: SetupConfig, values: dict[Slot, object], args) -> dict[Slot, object]:
    """A section's settings given on their own pick the kind of config that has them (--cnn-widths alone makes
    the CNN a temporal one, even after a pair preset with the notebook's); given beside a fixed config named
    on purpose (--cnn notebook-cnn, --cnn-preset notebook-cnn) they are an error."""
    for name, sec in sections_of(SetupConfig).items():
        own = [s for s in values if s.section == name and s.owner]
        if not sec.kinds or not own:
            continue
        pick = selector(name)
        named = values.get(pick) or (
            kind_of(name, getattr(setup, name)) if getattr(args, f"{name}_preset", None) else None
        )
        tunable = [k for k, make in sec.kinds.items() if isinstance(make(), own[0].owner)]
        if named is not None and named not in tunable:
            flags = ", ".join(s.flag for s in own)
            raise HarError(render(Message("setup.flag.fixed", model=named, flags=flags), "en"))
        if named is None and kind_of(name, getattr(setup, name)) not in tunable:
            values = {**values, pick: tunable[0]}
    return values


def model_preset(name: str, family: str | None = None):
    """The model preset `name` (of `family`, when given); HarError naming the valid ones."""
    valid = [n for n, p in PRESETS.items() if family is None or p.config.family == family]
    if name not in valid:
        kind = f"{family.upper()} preset" if family else "preset"
        raise HarError(f"unknown {kind} {name!r}; choose one of {', '.join(valid)}.")
    return PRESETS[name]


def argv(setup: SetupConfig) -> list[str]:
    """The flags that give `setup` (every setting, as a link writes every one)."""
    out = []
    for s in slots():
        value = read(setup, s)
        if value is None:
            continue
        if s.setting.kind == "bool":
            out.append(s.flag if value else s.off_flag)
        else:
            out += [s.flag, s.setting.text(value, FLAG_SEP)]
    return out


def _query(link: str) -> str:
    """The query part of a full link, or the text itself when it is a bare query string."""
    parts = urlsplit(link)
    return parts.query if parts.scheme or parts.path.startswith("/") else link
