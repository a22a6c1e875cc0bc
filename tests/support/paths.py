"""Where the checkout is, for tests that run its entry script, read its files or start its commands."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
FIXTURES = ROOT / "tests" / "fixtures"  # files recorded from earlier releases: old links, old run records
TINY_SCALE = "0.05"  # about 80 demo clips: every app test trains in well under a second per epoch
