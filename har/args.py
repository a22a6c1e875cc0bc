"""Argument parsing shared by every `python -m har` command: a rejected command line is one line.

argparse prints a usage block and exits; here it raises `UsageError` instead, so each command
reports it like any other error: one sentence on stderr, exit code 2.
"""

import argparse


class UsageError(Exception):
    """A command line argparse rejected."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`).")
