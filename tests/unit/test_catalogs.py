"""The catalog check of tools/catalogs.py (also run by .ci/run): it passes on the repository, and each of its rules
fails on a catalog or a source file that breaks it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from support.i18n import write_po_file
from support.paths import ROOT

TOOL = ROOT / "tools" / "catalogs.py"


@pytest.fixture(scope="module")
def catalogs():
    spec = importlib.util.spec_from_file_location("catalogs_check", TOOL)
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_repositorys_catalogs_pass_the_check():
    done = subprocess.run([sys.executable, str(TOOL)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert done.stdout.endswith("0 problem(s)\n")


def test_every_rule_of_the_catalogs_can_fail(tmp_path, catalogs):
    english = {
        "nav.data": "Data",
        "nav.train": "Train",
        "train.finished": (
            "Finished: {epochs} epoch in {seconds:.1f} s. See the Compare page for the details.",
            "Finished: {epochs} epochs in {seconds:.1f} s. See the Compare page for the details.",
        ),
        "data.note": "While loading: {note}.",
        "train.progress": "Epoch {epoch} of {epochs} ({seconds:.0f} s)",
        "nav.compare": "Compare",
        "nav.lab": "Lab",
        "nav.models": "Models",
    }
    write_po_file(tmp_path, "en", "app", english)
    write_po_file(tmp_path, "en", "board", {"nav.board": "Class", "nav.data": "Data"})  # nav.data twice
    es = {
        "nav.data": "Datos",
        "nav.train": "",  # untranslated
        "data.note": "Al cargar: {nota}.",  # another placeholder
        "train.progress": "Época {epoch} de {epochs} ({seconds:.1f} s)",  # another format spec
        "nav.compare": ["Compare (old)", "Comparar"],  # made from older English
        "nav.lab": "Laboratorio",  # fuzzy, below
        "extra.key": ["Extra", "Extra"],  # in no English catalog
    }
    write_po_file(tmp_path, "es", "app", es, fuzzy={"nav.lab"})
    two = ("{epochs} época en {seconds:.1f} s", "{epochs} épocas en {seconds:.1f} s")  # where Spanish has three
    write_po_file(tmp_path, "es", "board", {"train.finished": two}, plural_forms=(2, "(n != 1)"))
    found = "\n".join(catalogs.catalog_problems(catalogs.read_catalogs(tmp_path)))
    for expected in (
        "nav.data is also in app",
        "es: nav.models is missing",
        "es/app.po: nav.train: untranslated",
        "es/board.po: train.finished: 2 plural forms; es's rule needs 3",
        "es/board.po: header Plural-Forms is 'nplurals=2; plural=(n != 1);'",
        "es/app.po: data.note: placeholders",
        "es/app.po: train.progress: placeholders",
        "es/app.po: nav.compare: made from another English text",
        "es/app.po: nav.lab: fuzzy",
        "es: extra.key is not in English",
        "en: train.finished: a plural entry needs '#. count: NAME'",
    ):
        assert expected in found, expected
    assert "en: nav.board" not in found and "es/app.po: nav.data" not in found  # what is right is not flagged


def test_a_wrong_header_is_flagged(tmp_path, catalogs):
    path = write_po_file(tmp_path, "es", "app", {"nav.data": "Datos"})
    path.write_text(path.read_text("utf-8").replace("nplurals=3", "nplurals=2"), "utf-8")
    found = catalogs.catalog_problems(catalogs.read_catalogs(tmp_path))
    assert any("header Plural-Forms" in p for p in found), found


def test_the_keys_the_code_uses_are_found_and_checked(tmp_path, catalogs):
    source = tmp_path / "pages" / "page.py"
    source.parent.mkdir()
    source.write_text(
        "from har.errors import HarError\n"
        "from har.messages import Message\n"
        'SOURCE_KEYS = {"demo": "side.source.demo", "ucf11": "side.source.ucf1"}\n'  # a typo in a literal map
        'CURVE_KEYS = ("train_loss", "test_acc")\n'  # fields of a record, not a map of keys
        'tr("nav.data")\n'
        'tr("nav.dta")\n'  # a typo
        'tr(f"side.split.{split}")\n'  # built at run time
        'Message("lab.col." + name)\n'  # built at run time
        'raise HarError.of("path.empty")\n'  # the key error.path.empty
        'ERROR_KEYS = {True: "train.not_finite_model", False: "train.not_finite"}\n'  # error keys, for .of()
        'label = "data.clips"\n',  # a mention: used, without a call
        "utf-8",
    )
    known = {
        "nav.data",
        "side.source.demo",
        "side.source.ucf11",
        "side.split.random",
        "error.path.empty",
        "error.train.not_finite",
        "error.train.not_finite_model",
        "data.clips",
        "nav.unused",
    }
    uses = catalogs.extract([source], known, tmp_path)
    found = "\n".join(catalogs.usage_problems(known, uses))
    assert "'side.source.ucf1' is in no catalog" in found and "'nav.dta' is in no catalog" in found
    assert "f'side.split.{split}': a key built at run time" in found
    assert "'lab.col.' + name: a key built at run time" in found
    assert "nav.unused: in the catalogs but used nowhere" in found
    assert "side.split.random: in the catalogs but used nowhere" in found  # its f-string does not count
    for used in ("nav.data", "error.path.empty", "error.train.not_finite_model", "data.clips", "side.source.demo"):
        assert used not in found, used
    assert "train_loss" not in found
