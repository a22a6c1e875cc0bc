"""The dashboard's text catalog: every key the app uses exists, in English and Spanish, with the same fields."""

from __future__ import annotations

import re
import string

import pytest
from support.paths import ROOT

from har.data.splits import SPLITS
from har.i18n import catalog, forms
from har.models import POOLINGS
from har.presets import PRESETS
from har.runs import STATUSES
from har.text.app import TEXT

SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "dashboard").glob("*.py")),
    ROOT / "har" / "plots.py",
    ROOT / "har" / "tables.py",
]
# Keys the app builds from a value at run time, expanded for every value it can take.
DYNAMIC = (
    [f"side.source.{s}" for s in ("demo", "ucf11", "upload")]
    + [f"side.split.{s}" for s in SPLITS]
    + [f"side.device.{d}" for d in ("auto", "cpu", "cuda")]
    + [f"data.{k}{h}" for k in ("clips", "frames", "features", "classes", "groups") for h in ("", "_help")]
    + [f"models.pool.{p}" for p in POOLINGS]
    + [f"preset.{p}" for p in ("custom", *PRESETS)]
    + [f"preset.{p}.about" for p in PRESETS]
    + [f"train.{s}" for s in ("diverged", "failed")]
    + [f"compare.status.{s}" for s in STATUSES]
    + [f"plot.metric.{m}" for m in ("test_acc", "train_acc", "test_loss", "train_loss")]
    + [f"plot.{s}" for s in ("train", "test")]
)


def used_keys() -> set[str]:
    literal = re.compile(r"""\btr\(\s*["']([a-z0-9_.\-]+)["']""")
    found = {k for path in SOURCES for k in literal.findall(path.read_text())}
    return {k for k in found if not k.endswith(".")} | set(DYNAMIC)  # "plot." + name: covered by DYNAMIC


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_app_uses_is_in_the_catalog():
    assert used_keys() - catalog().keys() == set()
    assert len(used_keys()) > 150  # the scan found the pages' keys (it would find none if the pattern broke)


@pytest.mark.parametrize("key", sorted(TEXT))
def test_both_languages_are_there_with_the_same_fields(key):
    entry = TEXT[key]
    en, es = forms(entry, "en"), forms(entry, "es")
    assert set(en) == set(es) and all(v.strip() for v in (*en.values(), *es.values()))
    assert all(fields(en[form]) == fields(es[form]) for form in en if form != "one")  # "one" may drop the number
