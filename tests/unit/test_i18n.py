"""The words at run time: a key's text in the reader's language from the .po catalogs, English where a language
lacks it, plural forms by the file's rule, numbers written the reader's way, and nothing read before it is asked."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
from support.i18n import write_po_file

from har.errors import HarError
from har.i18n import DEFAULT, LOCALE_PATH_ENV, languages, number, render, t, translator
from har.messages import Message

# (value, format spec, English, Spanish): CLDR's symbols; Spanish groups from five digits (5185 but 12.345).
NUMBERS = [
    (891_147, ",", "891,147", "891.147"),
    (891_147, "", "891,147", "891.147"),
    (5_185, ",", "5,185", "5185"),
    (5_185, "", "5,185", "5185"),
    (12_345, "", "12,345", "12.345"),
    (-1_234_567, "+,", "-1,234,567", "-1.234.567"),
    (660_289, "+,", "+660,289", "+660.289"),
    (0.812, ".1%", "81.2%", "81,2\u00a0%"),
    (-0.05, ".0%", "-5%", "-5\u00a0%"),
    (3.14159, ".2f", "3.14", "3,14"),
    (2.5, "+.1f", "+2.5", "+2,5"),
    (-2.5, "+.1f", "-2.5", "-2,5"),
    (0.000123, "g", "0.000123", "0,000123"),
    (1234.5678, ".4g", "1235", "1235"),
    (0.5, "", "0.5", "0,5"),
    (1e-7, ".1e", "1.0e-07", "1,0e-07"),
    (12345, "d", "12345", "12345"),  # an identifier (a seed): no grouping asked, none given
]


@pytest.mark.parametrize(("value", "spec", "en", "es"), NUMBERS)
def test_numbers_are_written_the_readers_way(value, spec, en, es):
    assert (number(value, "en", spec), number(value, "es", spec)) == (en, es)


def test_a_text_formats_its_numbers_for_its_language_and_leaves_strings_alone():
    values = dict(rnn=891_147, cnn=5_185, train=1_279, test=320)
    assert "RNN 891,147 · CNN 5,185" in t("train.models_line", "en", **values)
    assert "RNN 891.147 · CNN 5185" in t("train.models_line", "es", **values)
    assert t("data.note", "es", note="3.5 MB") == "Al cargar: 3.5 MB."  # a string stays as it was given


def test_plural_forms_follow_the_languages_rule():
    assert t("train.finished", "en", epochs=1, seconds=2.0).startswith("Finished: 1 epoch in 2.0 s.")
    assert t("train.finished", "en", epochs=0, seconds=2.0).startswith("Finished: 0 epochs in")
    assert t("train.finished", "es", epochs=1, seconds=2.0).startswith("Terminado: 1 época en 2,0 s.")
    assert t("train.finished", "es", epochs=2, seconds=2.0).startswith("Terminado: 2 épocas en")
    assert t("train.finished", "en", epochs="1", seconds=2.0).startswith("Finished: 1 epoch")  # a count written out
    assert t("train.finished", "en", epochs=2.5, seconds=2.0).startswith("Finished: 2.5 epochs")  # a fraction


def test_the_rule_is_the_files_own_and_spanish_has_a_form_for_millions(tmp_path, monkeypatch):
    forms = ("{epochs} época ({seconds})", "{epochs} de épocas ({seconds})", "{epochs} épocas ({seconds})")
    write_po_file(tmp_path, "es", "app", {"train.finished": forms})
    monkeypatch.setenv(LOCALE_PATH_ENV, str(tmp_path))
    said = [t("train.finished", "es", epochs=n, seconds=1) for n in (1, 2, 1_000_000, 0)]
    assert said == ["1 época (1)", "2 épocas (1)", "1.000.000 de épocas (1)", "0 épocas (1)"]


def test_a_language_falls_back_to_english_for_what_it_lacks(tmp_path, monkeypatch):
    write_po_file(
        tmp_path,
        "es",
        "app",
        {
            "nav.data": "Los datos",
            "nav.train": "Entrenamiento (borrador)",
            "nav.models": ["Models (an older English)", "Modelos de antes"],
        },
        fuzzy={"nav.train"},
    )
    monkeypatch.setenv(LOCALE_PATH_ENV, str(tmp_path))
    assert t("nav.data", "es") == "Los datos"  # the folder of HAR_LOCALE_PATH comes first
    assert t("nav.compare", "es") == "Comparar"  # the package's catalog next
    assert t("nav.train", "es") == "Entrenar"  # a fuzzy entry is skipped
    assert t("nav.models", "es") == "Modelos"  # so is one made from other English
    assert t("nav.data", "xx") == t("nav.data", DEFAULT) == "Data"  # no such language: English
    assert translator("xx")("nav.data") == "Data"
    with pytest.raises(KeyError):
        t("nav.no_such_page", "es")  # a key no catalog has is a bug, never shown as the key itself


def test_languages_are_the_catalogs_found_each_by_its_own_name(tmp_path, monkeypatch):
    assert languages() == {"en": "English", "es": "Español"}
    write_po_file(tmp_path, "fr", "app", {"nav.data": "Données"})
    monkeypatch.setenv(LOCALE_PATH_ENV, str(tmp_path))
    assert languages() == {"en": "English", "es": "Español", "fr": "Français"}


def test_render_fills_nested_messages_in_the_same_language():
    split = Message("weights.split", kind=Message("weights.split.random"), seed=3, pct=0.25)
    assert render(split, "en") == "the random split (seed 3, 25% test)"
    assert render(split, "es") == "la división aleatoria (semilla 3, 25\u00a0% de prueba)"
    assert render("a sentence already in words", "es") == "a sentence already in words"


def test_an_error_carries_its_message_says_english_and_crosses_processes():
    error = HarError.of("path.empty")
    assert error.sentence == Message("error.path.empty") and error.key == "path.empty"
    assert str(error) == "the path is empty; give a store or .npz under the data folder."
    assert error.message("es").startswith("la ruta está vacía")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is HarError and again.sentence == error.sentence and str(again) == str(error)
    plain = HarError("something the catalog does not know.")
    assert plain.key == "" and plain.message("es") == str(plain) == "something the catalog does not know."


def test_importing_the_library_reads_no_catalog():
    code = """
import sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and str(args[0]).endswith(".po") and opened.append(args[0]))
from har.configs import RNNConfig
from har.errors import HarError
import har.i18n, har.share
RNNConfig()
error = HarError.of("path.empty")
assert opened == [], opened
str(error)
assert opened, "rendering reads the catalogs"
"""
    subprocess.run([sys.executable, "-c", code], check=True)
