"""`python -m har`: the command line (see har/cli.py)."""

import sys

from har.cli import main

sys.exit(main())
