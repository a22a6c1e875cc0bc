"""The lab's study commands (parsed in har/lab/cli.py): one command for every study, which runs it and prints
its tables and sentences in the setup's language, or JSON. The commands that read files (run records, links,
weights) are in har/lab/file_commands.py."""

from __future__ import annotations

import json
import sys

from har import backends, share
from har.args import EXIT_INTERRUPTED
from har.data import load_dataset, make_split
from har.errors import HarError
from har.i18n import render, t
from har.lab.core import Inputs, Study, Table
from har.lab.flags import options_from
from har.lab.options import setup_from
from har.messages import Message


def table(headers: list, rows: list[list], lang: str = "en") -> str:
    """Columns padded to their widest cell; the first left-aligned, the rest right-aligned. Cells and headers
    that are Messages are rendered in `lang`."""
    cells = [[cell(h, lang) for h in headers]] + [[cell(c, lang) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in cells
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def cell(value, lang: str) -> str:
    return render(value, lang) if isinstance(value, Message) else str(value)


def paragraph(messages: list[Message], lang: str) -> str:
    """Sentences as one paragraph in `lang`."""
    return " ".join(render(m, lang) for m in messages)


def tables_text(tables: list[Table], lang: str) -> list[str]:
    """Each table with the line above and below it, a blank line between tables."""
    lines = []
    for i, tab in enumerate(tables):
        if i:
            lines.append("")
        if tab.title is not None:
            lines.append(render(tab.title, lang))
        lines.append(table(tab.headers, tab.rows, lang))
        if tab.note is not None:
            lines.append(render(tab.note, lang))
    return lines


def load_inputs(args):
    setup = setup_from(args)
    data = load_dataset(setup.data)
    split = make_split(data, setup.split, test_fraction=setup.test_fraction, seed=setup.split_seed)
    return setup, Inputs(data, split, setup.models(), setup.train, setup.split_seed, setup.test_fraction)


def _drive(study: Study, args) -> bool:
    """Run `study` to the end (where har.backends decides: here, or on a Ray cluster), one progress line per
    epoch on stderr; False if Ctrl-C stopped it."""
    try:
        for p in study.run(backend=backends.choose(server=False)):
            if not args.quiet:
                r = p.record
                print(
                    f"[{p.done}/{p.total}] {study.name} {p.label} {p.model} epoch {r.epoch}: test acc {r.test_acc:.1%}",
                    file=sys.stderr,
                    flush=True,
                )
    except KeyboardInterrupt:
        return False
    return True


def report(study: Study, args, setup, lines, payload: dict) -> int:
    """Print the text (or the JSON object), noting a stop; the exit code says whether it finished."""
    finished = len(study.results) == len(study.trials)
    if args.json:
        out = {
            "command": args.command,
            "setup": {**share.encode(setup), "data": setup.data},
            "finished": finished,
            **payload,
        }
        print(json.dumps(out, indent=1, default=_plain))
    else:
        if not finished:
            print(t("lab.stopped", setup.lang, done=len(study.results), total=len(study.trials)))
        print("\n".join(lines))
    return 0 if finished else EXIT_INTERRUPTED


def _plain(value):
    if hasattr(value, "as_dict"):
        return value.as_dict()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def run_study(study: Study, args, setup) -> None:
    """Run the study; stopped before its first trial finished, there is nothing to show."""
    _drive(study, args)
    if not study.results:
        raise HarError(t("lab.cli.nothing", setup.lang))


def cmd_study(kind: type[Study], args) -> int:
    """`har lab <study>`: build the study from the setup and its options, run it, print what it shows."""
    options = options_from(args, kind.Options)
    setup, inputs = load_inputs(args)
    lang = setup.lang
    shortcut = kind.without_training(args, inputs, options)
    if shortcut is not None:
        result, about = shortcut
        payload = _payload(kind, result, lang)
        print(
            json.dumps({"command": args.command, **about, **payload}, indent=1)
            if args.json
            else _text(kind, result, lang)
        )
        return 0
    study = kind.build(inputs, options)
    run_study(study, args, setup)
    result = study.result()
    return report(study, args, setup, _text(kind, result, lang).split("\n"), _payload(kind, result, lang))


def _text(kind: type[Study], result, lang: str) -> str:
    lines = tables_text(kind.tables(result), lang)
    closing = kind.discussion(result) or kind.verdict(result)
    if closing:
        lines += ["", paragraph(closing, lang)]
    return "\n".join(lines)


def _payload(kind: type[Study], result, lang: str) -> dict:
    out = {"result": result.as_dict()}
    verdict, discussion = kind.verdict(result), kind.discussion(result)
    if verdict:
        out["verdict"] = paragraph(verdict, lang)
    if discussion is not None:
        out["discussion"] = paragraph(discussion, lang)
    return out
