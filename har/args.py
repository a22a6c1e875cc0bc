"""What every `python -m har` command shares: a parser that raises instead of exiting, and one line per failure."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from har.errors import HarError

EXIT_ERROR, EXIT_INTERRUPTED = 2, 130


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
