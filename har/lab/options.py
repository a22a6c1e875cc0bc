"""The options every lab command shares: the setup flags (or a shared link) that make a SetupConfig, the same
flags as `har train` (har/options.py), and --json."""

from __future__ import annotations

import argparse
import sys

from har import options
from har.configs import SetupConfig
from har.i18n import render

add_setup = options.add_setup


def add_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def setup_from(args) -> SetupConfig:
    """The setup: --setup or --preset first, then each flag given; a bad flag value is an error, a bad value in
    the link a warning on stderr (as in the app)."""
    setup, warnings = options.setup_from(args)
    for w in warnings:
        print(f"warning: {render(w, setup.lang)}", file=sys.stderr)
    return setup
