"""`python -m har board ...`: publish a run record, show, export, clear and start boards, on the same database
the app uses (`--db PATH`, else HAR_BOARD_DB, else board.sqlite in HAR_DATA_DIR); errors are one line, exit 2."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from har import runs
from har.args import Parser, run_command
from har.board.entry import entries_from_record
from har.board.figures import by_data
from har.board.store import Board
from har.board.summary import sentences
from har.board.table import SORTS, sort_entries, to_csv
from har.errors import HarError
from har.i18n import languages, render
from har.paths import replace_atomically


def main(argv=None) -> int:
    """Run one board command; 0 ok, 2 on any error the user can fix."""
    return run_command(_dispatch, argv)


def _dispatch(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args, Board(args.db))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m har board", description="The class board: every student's published runs.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("publish", help="publish a finished run record (both models) under a display name")
    p.add_argument("run", metavar="RUN.json", type=Path, help="a run record, as `python -m har train --out` writes")
    p.add_argument("--name", required=True, help="the display name the class sees (plain text, at most 40 characters)")
    _common(p, cmd_publish)
    p = sub.add_parser("show", help="the board's entries as a table, and what they say per size range")
    _board_option(p)
    p.add_argument("--sort", choices=SORTS, default="created", help="sort the table by this column")
    p.add_argument("--lang", choices=tuple(languages()), default="en", help="language of the summary")
    p.add_argument("--json", action="store_true", help="print the entries as a JSON list instead")
    _common(p, cmd_show)
    p = sub.add_parser("export", help="the board's entries as CSV (every stored field)")
    _board_option(p)
    p.add_argument("--out", type=Path, help="write the CSV to this file instead of printing it")
    _common(p, cmd_export)
    p = sub.add_parser("clear", help="delete the entries of a board (the current one unless --board or --all)")
    which = p.add_mutually_exclusive_group()
    _board_option(which)
    which.add_argument("--all", action="store_true", help="clear every board")
    p.add_argument("--yes", action="store_true", help="really delete them (without it, only says how many)")
    _common(p, cmd_clear)
    p = sub.add_parser("new", help="start a new board (e.g. one per lecture) and make it the current one")
    p.add_argument("name", nargs="?", help="its name (default: today's date)")
    _common(p, cmd_new)
    p = sub.add_parser("list", help="every board with its number of entries; * marks the current one")
    _common(p, cmd_list)
    return parser


def _common(p, handler) -> None:
    p.add_argument("--db", type=Path, help="the board database (default: HAR_BOARD_DB, else HAR_DATA_DIR/board.sqlite)")
    p.set_defaults(handler=handler)


def _board_option(p) -> None:
    p.add_argument("--board", help="the board's name (default: the current board)")


def cmd_publish(args, board: Board) -> int:
    entries = entries_from_record(runs.load(args.run), args.name)
    info = board.publish(entries)
    models = ", ".join(f"{e.family.upper()} {e.final_acc:.1%}" for e in entries)
    print(f"published run {entries[0].run_id} as {entries[0].name!r} on board {info.name!r}: {models}")
    return 0


def cmd_show(args, board: Board) -> int:
    name = args.board or board.current().name
    entries = sort_entries(board.entries(args.board), args.sort, descending=args.sort != "name")
    if args.json:
        print(json.dumps([asdict(e) for e in entries], indent=1))
        return 0
    print(f"board {name!r}: entries {len(entries)}, runs {len({e.run_id for e in entries})}")
    header = f"{'name':<24}{'model':<6}{'params':>11}  {'pooling':<8}{'split':<8}{'seed':>5}{'final':>8}{'best':>8}"
    for key, group in by_data(entries).items():
        print(f"\n{key.dataset}{' (synthetic)' if key.synthetic else ''}")
        print(header)
        for e in group:
            print(
                f"{e.name[:23]:<24}{e.family.upper():<6}{e.params:>11,}  {e.pooling or '-':<8}{e.split:<8}"
                f"{e.seed:>5}{e.final_acc:>8.1%}{e.best_acc:>8.1%}"
            )
        for sentence in sentences(group):
            print(render(sentence, args.lang))
    return 0


def cmd_export(args, board: Board) -> int:
    text = to_csv(board.entries(args.board))
    if args.out is None:
        sys.stdout.write(text)
        return 0
    with replace_atomically(args.out) as f:
        f.write(text.encode())
    print(f"wrote {text.count(chr(10)) - 1} entries to {args.out}", file=sys.stderr)
    return 0


def cmd_clear(args, board: Board) -> int:
    infos = board.boards()
    if args.board is not None and args.board not in {b.name for b in infos}:
        board.entries(args.board)  # raises the one-sentence error that lists the boards
    chosen = infos if args.all else [b for b in infos if b.name == args.board or (args.board is None and b.current)]
    count = sum(b.entries for b in chosen)
    what = "every board" if args.all else f"board {chosen[0].name!r}"
    if not args.yes:
        raise HarError(f"this deletes the {count} entries of {what}; add --yes to delete them.")
    deleted = board.clear_all() if args.all else board.clear(chosen[0].name)
    print(f"deleted {deleted} entries of {what}")
    return 0


def cmd_new(args, board: Board) -> int:
    info = board.new_board(args.name)
    print(f"board {info.name!r} started; it is now the current board")
    return 0


def cmd_list(args, board: Board) -> int:
    for b in board.boards():
        print(f"{'*' if b.current else ' '} {b.name:<30}{b.entries:>6} entries  since {b.created}")
    return 0
