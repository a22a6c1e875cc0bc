"""The options every lab command shares: the setup flags (or a shared link) that make a LabSetup, and --json."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from urllib.parse import urlsplit

from har import share
from har.errors import HarError
from har.i18n import t

SETUP_FLAGS = {  # flag -> (query parameter, argparse options)
    "--split": ("split", {"help": "random (stratified) or group (no group on both sides)"}),
    "--split-seed": ("ss", {"help": "fixes which clips are test clips"}),
    "--test-fraction": ("tf", {"help": "share of each class's clips held out for testing"}),
    "--rnn-hidden": ("rh", {"help": "GRU units per direction"}),
    "--rnn-layers": ("rl", {"help": "stacked GRU layers"}),
    "--rnn-dropout": ("rd", {"help": "dropout between GRU layers and before the head"}),
    "--rnn-pooling": ("rp", {"help": "last, mean or max over time"}),
    "--cnn": ("cnn", {"help": "temporal, notebook-cnn or notebook-cnn2"}),
    "--cnn-widths": ("cw", {"help": "filters per conv layer, e.g. 64,32"}),
    "--cnn-kernel-size": ("ck", {"help": "frames each filter sees"}),
    "--cnn-dropout": ("cd", {"help": "dropout after each conv layer"}),
    "--cnn-pooling": ("cp", {"help": "last, mean or max over time"}),
    "--epochs": ("ep", {"help": "passes over the training clips"}),
    "--lr": ("lr", {"help": "Adam's learning rate"}),
    "--batch-size": ("bs", {"help": "clips per gradient step"}),
    "--weight-decay": ("wd", {"help": "L2 penalty on the weights"}),
    "--seed": ("seed", {"help": "initial weights and batch order"}),
    "--device": ("dev", {"help": "auto, cpu or cuda"}),
    "--lang": ("lang", {"help": "en or es: the language of verdicts and tables"}),
}


CW_HINT = "1 to 8 CNN widths, whole numbers separated by commas, like 64,32"


def add_setup(p: argparse.ArgumentParser, *, data: bool = True) -> None:
    p.add_argument("--setup", metavar="LINK", help="start from a shared link or its query string (see `lab share`)")
    p.add_argument("--preset", choices=tuple(share.SETUPS), help="start from a named pair of models")
    if data:
        p.add_argument("--data", help="demo (synthetic), ucf11 (downloaded) or a path to a store or .npz")
    for flag, (_, options) in SETUP_FLAGS.items():
        p.add_argument(flag, **options)
    bi = p.add_mutually_exclusive_group()
    bi.add_argument("--rnn-unidirectional", dest="rb", action="store_const", const="0", help="read clips forwards only")
    bi.add_argument("--rnn-bidirectional", dest="rb", action="store_const", const="1", help="read clips both ways")


def add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def setup_from(args) -> share.LabSetup:
    """The setup: --setup or --preset first, then each flag given; a bad flag value is an error."""
    base, warnings = share.decode(_query(args.setup)) if args.setup else (share.LabSetup(), [])
    for w in warnings:  # a shared link degrades gracefully, as in the app
        print(f"warning: {w}", file=sys.stderr)
    if args.preset:
        base = share.preset_setup(args.preset, base)
    params = share.encode(base)
    given, typed = {}, {}
    for flag, (key, _) in SETUP_FLAGS.items():
        value = getattr(args, flag.lstrip("-").replace("-", "_"))
        if value is not None:
            typed[key] = value
            given[key] = value.replace(",", "-") if key == "cw" else value  # a link joins widths with "-"
    if args.rb is not None:
        given["rb"] = args.rb
    if any(k in given for k in ("cw", "ck", "cd", "cp")) and "cnn" not in given:
        given.setdefault("cnn", "temporal")
    flags = {key: flag for flag, (key, _) in SETUP_FLAGS.items()}
    for key, value in given.items():
        try:
            share.PARSERS[key](value)
        except (ValueError, TypeError):
            what = CW_HINT if key == "cw" else t(f"lab.share.field.{key}", "en")
            raise HarError(
                f"{flags.get(key, '--' + key)} {typed.get(key, value)!r} is not valid; give {what}."
            ) from None
    setup, _ = share.decode({**params, **given})
    data = getattr(args, "data", None)
    return replace(setup, data=data) if data else setup


def _query(link: str) -> str:
    """The query part of a full link, or the text itself when it is a bare query string."""
    parts = urlsplit(link)
    return parts.query if parts.scheme or parts.path.startswith("/") else link
