"""The built wheel carries the catalogs, and the library installed from it reads them: a command run from the
unpacked wheel alone (not this checkout) speaks Spanish."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from support.paths import ROOT

from har.i18n import LOCALE_PATH_ENV

DOMAINS = ("app", "board", "errors", "explain", "lab")


@pytest.mark.slow
def test_the_wheel_ships_the_catalogs_and_the_installed_library_reads_them(tmp_path, tiny_record):
    build = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*build, "-w", str(tmp_path / "dist")], check=True, capture_output=True, timeout=600)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(tmp_path / "site")
    assert {f"har/locale/{lang}/LC_MESSAGES/{d}.po" for lang in ("en", "es") for d in DOMAINS} <= names

    run = tmp_path / "run.json"
    run.write_text(tiny_record.to_json(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", LOCALE_PATH_ENV)}
    env["PYTHONPATH"] = str(tmp_path / "site")  # the unpacked wheel comes before anything installed
    where = subprocess.run(
        [sys.executable, "-c", "import har.i18n as i; print(i.CATALOGS, sorted(i.languages()))"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.split() == [str(tmp_path / "site" / "har" / "locale"), "['en',", "'es']"]
    done = subprocess.run(
        [sys.executable, "-m", "har", "lab", "discuss", str(run), "--lang", "es"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "La RNN terminó en" in done.stdout and "épocas" in done.stdout
