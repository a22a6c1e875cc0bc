"""`har` is a library a notebook can import on its own: it never imports streamlit."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import har

HAR_DIR = Path(list(har.__path__)[0])  # har may be a namespace package (no __init__.py)
ROOT = HAR_DIR.parent

# Imports every module of har in a fresh interpreter and reports which one first pulled in streamlit.
PROBE = r"""
import importlib, json, pkgutil, sys
import har
culprits, failed, imported = [], {}, []
for info in pkgutil.walk_packages(har.__path__, "har."):
    if info.name.rsplit(".", 1)[-1] == "__main__":  # runs the CLI when imported
        continue
    before = "streamlit" in sys.modules
    try:
        importlib.import_module(info.name)
    except Exception as e:
        failed[info.name] = f"{type(e).__name__}: {e}"
        continue
    imported.append(info.name)
    if not before and "streamlit" in sys.modules:
        culprits.append(info.name)
leaked = sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))
print(json.dumps({"culprits": culprits, "failed": failed, "imported": imported, "leaked": leaked}))
"""


def test_importing_every_har_module_does_not_import_streamlit():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert report["culprits"] == [] and report["leaked"] == []
    # The probe really walked the package, data and text subpackages included.
    for name in ("har.models", "har.train", "har.params", "har.data.store", "har.data.npz", "har.i18n"):
        assert name in report["imported"]


STREAMLIT_IMPORT = re.compile(r"^\s*(import\s+streamlit\b|from\s+streamlit\b)", re.MULTILINE)


def test_no_har_source_mentions_a_streamlit_import():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(HAR_DIR.rglob("*.py"))
        if STREAMLIT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert STREAMLIT_IMPORT.search("def f():\n    import streamlit as st\n")
    assert STREAMLIT_IMPORT.search("from streamlit.testing.v1 import AppTest\n")
    assert not STREAMLIT_IMPORT.search("# har never imports streamlit\n")
