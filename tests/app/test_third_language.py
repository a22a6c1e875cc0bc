"""A third language from .po files alone: French catalogs for a few keys, dropped in the folder HAR_LOCALE_PATH
names, are offered by the app's sidebar and the command line's --lang and used, with English for the rest."""

from __future__ import annotations

import pytest
from support.app import open_app
from support.board import finished_run
from support.i18n import write_french
from support.paths import APP

from dashboard import state
from har.cli import main
from har.i18n import LOCALE_PATH_ENV, languages, t

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture
def french(tmp_path, monkeypatch):
    monkeypatch.setenv(LOCALE_PATH_ENV, str(write_french(tmp_path / "locale")))


def test_the_language_is_there_with_its_own_name_and_english_for_what_it_lacks(french):
    assert languages()["fr"] == "Français"
    assert t("nav.data", "fr") == "Données" and t("nav.train", "fr") == "Train"
    assert t("train.finished", "fr", epochs=0, seconds=1.5).startswith("Terminé : 0 époque en 1,5 s.")  # 0 is "one"


def test_the_command_line_speaks_it(french, tiny_record, tiny_demo, tmp_path, capsys):
    run = tmp_path / "run.json"
    run.write_text(tiny_record.to_json(), encoding="utf-8")
    assert main(["lab", "discuss", str(run), "--lang", "fr"]) == 0
    out = capsys.readouterr().out
    assert "a fini à" in out  # the sentence French has
    assert "McNemar" in out  # a sentence French lacks, in English

    apart = tmp_path / "apart.json"  # one run: too few to say which model is better
    apart.write_text(finished_run(tiny_demo, accs=((0.5, 0.6),), params=(5_000, 900_000)).to_json(), "utf-8")
    db = str(tmp_path / "board.sqlite")
    assert main(["board", "publish", str(apart), "--name", "Ana", "--db", db]) == 0
    assert main(["board", "show", "--lang", "fr", "--db", db]) == 0
    assert "1 exécution distincte (1 publiée) ; il en faut au moins 3 pour conclure." in capsys.readouterr().out


def test_the_app_offers_it_and_speaks_it(french, app_env):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "fr"
    open_app(at)
    picker = at.selectbox(key=state.widget_key(state.LANG))
    assert picker.label == "Langue" and picker.value == "fr" and "Français" in picker.options
    assert at.title[0].value == "Les données"
    assert any(c.value.startswith(t("data.clip_intro", "en")[:30]) for c in at.caption)  # English, as French lacks it
    picker.set_value("en").run()
    assert at.title[0].value == "The data"
