"""`python -m har lab ...`: the teaching lab from the command line, each study's table and verdict
(or `--json`); errors are one line and exit code 2, Ctrl-C still reports what finished."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from har.args import Parser, run_command
from har.explain import cli as explain_cli
from har.i18n import languages, t
from har.lab import commands, file_commands, registry
from har.lab.flags import add_clip_choice, add_options
from har.lab.options import add_output, add_setup


def main(argv=None) -> int:
    """Run one lab command; 0 ok, 2 on any error the user can fix, 130 when stopped with Ctrl-C."""
    return run_command(_dispatch, argv)


def _dispatch(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m har lab", description="The teaching lab: questions a single run cannot answer.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    for study in registry.studies().values():
        p = sub.add_parser(study.name, help=t(study.summary))
        add_options(p, study.Options)
        study.add_flags(p)
        add_setup(p)
        add_output(p)
        p.set_defaults(handler=partial(commands.cmd_study, study))

    for name, about, handler in (
        ("discuss", "a paragraph of discussion argued from a run record", file_commands.cmd_discuss),
        ("mcnemar", "McNemar's test on a run record's RNN and CNN predictions", file_commands.cmd_mcnemar),
    ):
        p = sub.add_parser(name, help=about)
        p.add_argument("run", metavar="RUN.json")
        p.add_argument("--lang", default="en", choices=tuple(languages()))
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    p = sub.add_parser("failures", help="the test clips of one confusion-matrix cell")
    p.add_argument("run", metavar="RUN.json")
    p.add_argument("--true", required=True, help="true class (name or number)")
    p.add_argument("--pred", required=True, help="predicted class (name or number)")
    p.add_argument("--model", default="rnn", help="rnn or cnn")
    p.add_argument("--lang", default="en", choices=tuple(languages()))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=file_commands.cmd_failures)

    p = sub.add_parser("share", help="print the link query string that reproduces a setup")
    add_setup(p, data=False)
    p.add_argument("--url", help="the app's address to put in front, e.g. http://localhost:8501/lab")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=file_commands.cmd_share)

    p = sub.add_parser("weights", help="save trained models to a file, or evaluate a saved file")
    wsub = p.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=Parser)
    w = wsub.add_parser("save", help="train both models and save their weights with their configs")
    w.add_argument("--out", required=True, help="the file to write, e.g. models.pt")
    add_setup(w)
    add_output(w)
    w.set_defaults(handler=file_commands.cmd_weights_save)
    w = wsub.add_parser("eval", help="load saved weights (safely) and evaluate them on the data they were trained on")
    w.add_argument("file")
    add_clip_choice(w)
    add_setup(w)
    w.add_argument("--json", action="store_true")
    w.set_defaults(handler=file_commands.cmd_weights_eval)

    explain_cli.add_parser(sub)  # `lab explain WEIGHTS --clip KEY` and `--map OUT.csv`
    return parser


if __name__ == "__main__":
    sys.exit(main())
