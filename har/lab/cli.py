"""`python -m har lab ...`: the teaching lab from the command line, reproducible outside the browser.

Every study takes the same setup options (or a shared link via `--setup`), prints a table and a
plain-words verdict (`--lang es` for Spanish), or a JSON object with `--json`. Errors are one
line and exit code 2; Ctrl-C stops a study and still reports what finished.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from urllib.parse import urlsplit

from har.args import Parser, run_command
from har.errors import HarError
from har.i18n import t
from har.lab import share


def main(argv=None) -> int:
    """Run one lab command; 0 ok, 2 on any error the user can fix, 130 when stopped with Ctrl-C."""
    return run_command(_dispatch, argv)


def _dispatch(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


# --- options -------------------------------------------------------------------------------

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


# --- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m har lab", description="The teaching lab: questions a single run cannot answer.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("seeds", help="train both models over k seeds: means, intervals, paired t-test, McNemar")
    p.add_argument("--seeds", type=int, default=5, help="how many seeds (0..k-1)")
    _study(p, "seeds")
    p = sub.add_parser("sweep", help="accuracy against parameter count, the CNN matched to each RNN size")
    p.add_argument("--hidden", default="8,16,32,64,128", help="RNN hidden sizes, e.g. 8,16,32")
    _study(p, "sweep")
    p = sub.add_parser("pooling", help="last / mean / max pooling for both models in one grid")
    p.add_argument("--poolings", default="last,mean,max")
    _study(p, "pooling")
    p = sub.add_parser("time", help="accuracy with the test clips' frames shuffled and reversed")
    p.add_argument("--weights", help="test these saved models instead of training new ones")
    p.add_argument("--shuffle-seed", type=int, default=0, help="fixes each clip's shuffled frame order")
    _study(p, "time")
    p = sub.add_parser("leakage", help="the same models on a random and on a group split")
    _study(p, "leakage")

    for name, about in (
        ("discuss", "a paragraph of discussion argued from a run record"),
        ("mcnemar", "McNemar's test on a run record's RNN and CNN predictions"),
    ):
        p = sub.add_parser(name, help=about)
        p.add_argument("run", metavar="RUN.json")
        p.add_argument("--lang", default="en", choices=("en", "es"))
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=_handler(name))
    p = sub.add_parser("failures", help="the test clips of one confusion-matrix cell")
    p.add_argument("run", metavar="RUN.json")
    p.add_argument("--true", required=True, help="true class (name or number)")
    p.add_argument("--pred", required=True, help="predicted class (name or number)")
    p.add_argument("--model", default="rnn", help="rnn or cnn")
    p.add_argument("--lang", default="en", choices=("en", "es"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handler("failures"))

    p = sub.add_parser("share", help="print the link query string that reproduces a setup")
    add_setup(p, data=False)
    p.add_argument("--url", help="the app's address to put in front, e.g. http://localhost:8501/lab")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_handler("share"))

    p = sub.add_parser("weights", help="save trained models to a file, or evaluate a saved file")
    wsub = p.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=Parser)
    w = wsub.add_parser("save", help="train both models and save their weights with their configs")
    w.add_argument("--out", required=True, help="the file to write, e.g. models.pt")
    add_setup(w)
    add_output(w)
    w.set_defaults(handler=_handler("weights_save"))
    w = wsub.add_parser("eval", help="load saved weights (safely) and evaluate them on the current data")
    w.add_argument("file")
    w.add_argument("--on", choices=("test", "all"), default="test", help="the split's test clips, or every clip")
    add_setup(w)
    w.add_argument("--json", action="store_true")
    w.set_defaults(handler=_handler("weights_eval"))
    return parser


def _study(p, name: str) -> None:
    add_setup(p)
    add_output(p)
    p.set_defaults(handler=_handler(name))


def _handler(name: str):
    def run(args):
        from har.lab import commands, file_commands

        module = commands if hasattr(commands, f"cmd_{name}") else file_commands
        return getattr(module, f"cmd_{name}")(args)

    return run


if __name__ == "__main__":
    sys.exit(main())
