"""What the command line tests share: running `python -m har` in-process and as a real process, and what a
mistake must look like there: one sentence from the library, one line on stderr and exit code 2 from the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

from har.cli import main
from support.paths import ROOT


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv, env=None, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "har", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kw
    )


def assert_one_line_error(code: int, err: str, *words: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for w in words:
        assert w in lines[0]


def assert_sentence(message: str, *words: str) -> None:
    assert "\n" not in message and message.endswith("."), message
    assert "Traceback" not in message and "unexpected" not in message, message
    for w in words:
        assert w in message, (w, message)


def assert_cli_error(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert_sentence(lines[0], *words)
