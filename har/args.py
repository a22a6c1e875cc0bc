"""What every `python -m har` command shares: a parser that raises instead of exiting, one line per failure, and
output whose control characters are shown escaped (a run record, a link, a weights file or a board entry may hold
escape sequences that would otherwise clear or rewrite the terminal they are printed on)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable

from har.errors import HarError

EXIT_ERROR, EXIT_INTERRUPTED = 2, 130
# C0 controls but tab and newline (ESC, carriage return, ...), DEL, C1 controls, and the invisible marks that reorder
# text (bidi embeddings, overrides and isolates, the left-to-right and right-to-left and Arabic letter marks).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with its control characters written as escapes: "\x1b[2J" prints as the six characters \x1b[2J."""
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


class Escaped:
    """A text stream that writes through `printable`: what a command prints cannot steer the terminal. Its own
    redraws (a progress bar's carriage return) go to `terminal`, the stream underneath."""

    def __init__(self, terminal):
        self.terminal = terminal

    def write(self, text: str) -> int:
        self.terminal.write(printable(text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self.terminal, name)


class UsageError(Exception):
    """A command line argparse rejected."""


class Parser(argparse.ArgumentParser):
    """argparse's parser, except that a bad command line raises `UsageError` instead of printing usage and exiting."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`).")


def fail(message: str) -> int:
    """Print `error: <sentence>.` on stderr and return the error exit code."""
    message = message.strip()
    if not message.endswith((".", "?", "!")):
        message += "."
    print(f"error: {message}", file=sys.stderr)
    return EXIT_ERROR


def run_command(body: Callable[[list[str]], int | None], argv: list[str] | None) -> int:
    """Run `body(argv)` and return its exit code; every failure becomes one line on stderr.

    0 ok, 2 for anything the user can fix (and, as one line, a bug: HAR_DEBUG=1 shows where),
    130 when Ctrl-C interrupted it.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if isinstance(s, Escaped) else Escaped(s) for s in streams)
    try:
        return _run(body, argv)
    finally:
        sys.stdout, sys.stderr = streams


def _run(body: Callable[[list[str]], int | None], argv: list[str]) -> int:
    try:
        return int(body(argv) or 0)
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else (0 if e.code is None else fail(str(e.code)))
    except KeyboardInterrupt:
        print("interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (HarError, UsageError, ValueError) as e:
        return fail(str(e) or type(e).__name__)
    except OSError as e:
        return fail(f"{e.strerror or e}: {e.filename}" if e.filename else f"{e.strerror or e}")
    except Exception as e:
        if os.environ.get("HAR_DEBUG"):
            raise
        return fail(f"unexpected {type(e).__name__}: {e} (set HAR_DEBUG=1 to see where)")
