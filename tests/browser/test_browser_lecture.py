"""The lecturer leads, in real Chromium: five student tabs (one in Spanish, one mid-training) see the setup the
lecturer sent without reloading; Load applies it and the training carries on; a prediction round counts each
browser's answer once, a reload (F5) still shows the answer given and the setup as answered or not, and the
reveal shows the lecturer's race beside the class's prediction."""

from __future__ import annotations

import time

import pytest
from support.paths import TINY_SCALE
from test_browser import go_to
from test_browser_join import shared_link

from bench.harness import WAIT_MS, chromium, new_tab, no_exception, serve, wait_for_text

pytestmark = pytest.mark.browser

KEY = "lecture-key-1"
OFFER = {"en": "The lecturer sent a setup", "es": "El profesor envió una configuración"}
QUESTION = {"en": "Predict:", "es": "Predice:"}
LOAD = {"en": "Load", "es": "Cargar"}
ANSWER = {"en": "Answer", "es": "Responder"}
VOTED = {"en": "Your answer:", "es": "Tu respuesta:"}
OUTCOME = {"en": "The outcome:", "es": "El resultado:"}
SHARE = {"en": "Share this setup", "es": "Compartir esta configuración"}
LANGS = ("en", "es", "en", "en", "en")


def box(page, key: str):
    return page.locator(f".st-key-{key}")


def test_five_students_get_the_lecturers_setup_and_answer_a_prediction_once(tmp_path):
    env = {"HAR_BOARD_ADMIN": KEY, "HAR_BOARD_DB": str(tmp_path / "board.sqlite")}
    with serve(tmp_path, scale=float(TINY_SCALE), env=env) as server, chromium() as browser:
        url = server.url
        students = [new_tab(browser, locale="es-ES" if lang == "es" else "en-US") for lang in LANGS]
        for tab in students:
            tab.goto(f"{url}/train?ep=50")  # the first one trains for a while
            tab.locator('[data-testid="stMain"] h1').wait_for()
        lecturer = new_tab(browser)
        lecturer.goto(f"{url}/train?preset=small&ep=2&rh=64&lecturer={KEY}")
        lecturer.get_by_role("button", name="Train both").click()
        lecturer.get_by_text("Finished: 2 epochs in", exact=False).wait_for()
        go_to(lecturer, "Class", "The class board")

        training = students[0]
        training.get_by_role("button", name="Train both").click()
        wait_for_text(training, r"Epoch \d+ of 50")
        lecturer.get_by_role("button", name="Send my setup to the class").click()
        sent = time.monotonic()
        for tab, lang in zip(students, LANGS, strict=True):
            box(tab, "lecture_offer").get_by_text(OFFER[lang], exact=False).wait_for()
            tab.evaluate("window.sameDocument = true")  # a reload would forget it
        print(f"all five tabs showed the offer {time.monotonic() - sent:.1f} s after it was sent")

        for tab, lang in zip(students[:2], LANGS[:2], strict=True):
            box(tab, "lecture_offer").get_by_role("button", name=LOAD[lang]).click()
            box(tab, "lecture_offer").wait_for(state="detached")
            assert "rh=64" in shared_link(tab, SHARE[lang]) and tab.evaluate("window.sameDocument") is True
        assert "rh=64" not in shared_link(students[2])  # not loaded: still its own
        # loaded mid-training: the training carries on (on a slow machine it may have ended by now, all 50 epochs)
        wait_for_text(training, r"Epoch \d+ of 50|Finished: 50 epochs in")

        lecturer.get_by_role("button", name="Ask: which model will win?").click()
        for i, (tab, lang) in enumerate(zip(students, LANGS, strict=True)):
            question = box(tab, "lecture_question")
            question.get_by_text(QUESTION[lang], exact=False).wait_for()
            question.get_by_text("CNN" if i < 3 else "RNN", exact=True).click()
            question.get_by_role("button", name=ANSWER[lang]).click()
            question.get_by_role("button", name=ANSWER[lang]).wait_for(state="detached")  # answered once
        for i in (1, 3):  # F5 in a tab that loaded the setup, and in one that has not answered it
            tab, lang = students[i], LANGS[i]
            tab.reload()
            question = box(tab, "lecture_question")
            question.get_by_text(VOTED[lang], exact=False).wait_for()  # its browser's answer, not a new vote
            assert question.get_by_role("button", name=ANSWER[lang]).count() == 0
            assert box(tab, "lecture_offer").count() == (0 if i == 1 else 1)  # drawn with the question, if at all
        wait_for_text(lecturer, r"Answers\s+5\b")
        lecturer.get_by_role("button", name="Reveal the outcome").click()
        for tab, lang in zip(students, LANGS, strict=True):
            outcome = box(tab, "lecture_outcome")
            outcome.get_by_text(OUTCOME[lang], exact=False).wait_for(timeout=WAIT_MS)
            assert "RNN 2, CNN 3" in outcome.inner_text()
            no_exception(tab)
        no_exception(lecturer)
        wait_for_text(training, r"Finished: 50 epochs in")  # every epoch: Load touched nothing of it
