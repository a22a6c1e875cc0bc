"""Library errors speak the page's language: `e.message("es")` is all Spanish, `str(e)` stays the English.

The English references below are the sentences the library gave before it had a catalog, written
out by hand, so a catalog entry that drifts from them fails here (and in the tests that match them).
"""

from __future__ import annotations

import io
import re
import string

import numpy as np
import pytest
from support.app import open_app
from support.data import toy_tensors
from support.paths import APP

from dashboard import state, uploads
from dashboard.markup import plain
from har import jobs
from har.data.npz import load_npz_bytes
from har.errors import HarError
from har.guard import check_fits
from har.i18n import number, render, sources, t
from har.models import RNNConfig, build_model
from har.params import count_params
from har.paths import resolve_user_path
from har.runs import VERSION, loads
from har.train import Tensors, TrainConfig, TrainingDiverged, fit

# Words of the English sentences that Spanish never uses; "no" and "a" are Spanish too, so not listed.
ENGLISH_WORDS = {
    "the",
    "is",
    "are",
    "has",
    "have",
    "must",
    "not",
    "and",
    "or",
    "of",
    "which",
    "this",
    "that",
    "with",
    "give",
    "choose",
    "lower",
    "upload",
    "check",
    "needs",
    "alone",
    "became",
    "diverged",
    "allowed",
    "refused",
    "contains",
    "inside",
    "folder",
    "path",
    "record",
    "run",
    "training",
    "memory",
    "smaller",
    "model",
}


def english_left(spanish: str, values: dict) -> set[str]:
    """English words in `spanish` once the values it quotes (file names, paths, numbers) and the code
    it names ("format": "har-run", `har lab weights save`) are taken out."""
    spanish = re.sub(r'"[^"]*"|`[^`]*`', " ", spanish)
    for value in sorted(map(str, values.values()), key=len, reverse=True):
        spanish = spanish.replace(value, " ").replace(repr(value), " ")
    return {w for w in re.findall(r"[A-Za-z']+", spanish.lower())} & ENGLISH_WORDS


def assert_bilingual(error: HarError, english: str) -> None:
    assert error.key, "raised without a catalog key"
    assert str(error) == english
    assert error.message("en") == english
    spanish = error.message("es")
    assert spanish != english and spanish.strip()
    assert english_left(spanish, error.values) == set(), spanish
    assert render(error.sentence, "es") == spanish  # what a job or a session keeps: the Message


def raised(call, *args, **kwargs) -> HarError:
    with pytest.raises(HarError) as e:
        call(*args, **kwargs)
    return e.value


def npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def test_a_bad_npz():
    content = npz_bytes(features=np.zeros((4, 3, 2), np.float32), y=np.arange(4) % 2)
    error = raised(load_npz_bytes, content, 2**20, name="clips.npz")
    assert_bilingual(error, "clips.npz has no X; an .npz needs X (clips, frames, features) and y (labels).")
    assert (
        error.message("es")
        == "clips.npz no tiene X; un .npz necesita X (clips, cuadros, características) y y (etiquetas)."
    )


def test_a_bad_npz_too_big_formats_its_numbers_as_before():
    content = npz_bytes(X=np.zeros((40, 10, 100), np.float32), y=np.arange(40) % 2)
    error = raised(load_npz_bytes, content, 100_000, name="big.npz")
    size = f"{len(content) / 2**20:.1f} MB"
    assert_bilingual(error, f"big.npz is {size}, more than the 0.1 MB allowed; upload a smaller file.")
    spanish = f"{number(len(content) / 2**20, 'es', '.1f')} MB"  # a decimal comma in Spanish
    assert spanish in error.message("es") and "0,1 MB" in error.message("es")


def test_a_bad_run_record():
    error = raised(loads, '{"format": "har-run", "version": 999}')
    assert_bilingual(error, f"this run record has version 999; this version of the app reads version {VERSION}.")
    assert_bilingual(raised(loads, "{not json"), str(raised(loads, "{not json")))
    assert str(raised(loads, "{not json")).startswith("this is not a run record: the JSON does not parse (")


def test_a_refused_path(tmp_path):
    error = raised(resolve_user_path, "../secrets", tmp_path)
    assert_bilingual(
        error, "the path '../secrets' contains '..', which is not allowed; give a path inside the data folder."
    )
    off = raised(resolve_user_path, "clips.npz", None)
    assert_bilingual(
        off, "local paths are turned off on this server (no HAR_DATA_ROOT is set); upload an .npz instead."
    )


def test_a_model_too_large_for_the_memory():
    config = RNNConfig(hidden=4096, layers=4)
    shape = (10, 1024, 11)
    error = raised(check_fits, config, shape, 32, available=2048 * 2**20)
    params = count_params(config, n_frames=10, n_features=1024, n_classes=11)
    english = str(error)
    assert english.startswith("this training needs about ") and "but 2.0 GB is available: the RNN alone has " in english
    assert f"{params:,} parameters (" in english and english.endswith(
        "a batch of 32); choose a smaller model or batch."
    )
    assert_bilingual(error, english)
    assert f"{params:,} parameters (" in english and f"{number(params, 'es', ',')} parámetros" in error.message("es")


@pytest.mark.parametrize("name", ["rnn", None])
def test_divergence(name):
    data = toy_tensors()
    x = data.x_train.clone()
    x[3, 1, 2] = float("nan")
    bad = Tensors(x, data.y_train, data.x_test, data.y_test)
    model = build_model(RNNConfig(hidden=8), n_frames=5, n_features=6, n_classes=3, seed=0)
    with pytest.raises(TrainingDiverged) as e:
        list(fit(model, bad, TrainConfig(epochs=2, device="cpu", batch_size=4), name=name))
    whose = "the RNN's " if name else "the "
    assert_bilingual(e.value, f"Training diverged in epoch 1: {whose}loss became nan; lower the learning rate.")


def test_no_spanish_error_sentence_keeps_an_english_word():
    for key, source in sources().items():
        if key.startswith("error."):
            texts = (source.msgid, source.plural or source.msgid)
            names = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
            for count in (1, 2):  # both plural forms
                values = {name: count for name in names}
                assert english_left(t(key, "es", **values), values) == set(), key


def test_a_plain_sentence_stays_as_it_is_in_every_language():
    error = HarError("something the catalog does not know.")
    assert error.key == "" and error.message("es") == str(error) == "something the catalog does not know."


class Failing(jobs.BackgroundJob):
    def _work(self):
        raise HarError.of("path.empty")


def test_a_failed_job_tells_its_error_in_the_page_language():
    job = Failing(name="failing", limiter=jobs.TrainingLimiter(1)).start()
    assert job.wait(30)
    assert job.status == "failed"
    assert job.error == "the path is empty; give a store or .npz under the data folder."
    assert job.failure == HarError.of("path.empty").sentence and render(job.failure, "en") == job.error
    assert render(job.failure, "es") == "la ruta está vacía; da un almacén o un .npz dentro de la carpeta de datos."


class Broken(jobs.BackgroundJob):
    def _work(self):
        raise ZeroDivisionError("division by zero")


def test_a_bug_that_ends_a_job_is_said_in_the_page_language_too():
    job = Broken(name="broken", limiter=jobs.TrainingLimiter(1)).start()
    assert job.wait(30) and job.status == "failed"
    assert job.error == "The job failed: ZeroDivisionError: division by zero"
    assert render(job.failure, "es") == "El trabajo falló: ZeroDivisionError: division by zero"


def test_a_spanish_page_shows_the_spanish_sentence_of_a_bad_upload(app_env):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["lang"] = "es"
    open_app(at)
    content = npz_bytes(features=np.zeros((4, 3, 2), np.float32), y=np.arange(4) % 2)
    error = raised(uploads.dataset_from_upload, "sin-x.npz", len(content), lambda: content)
    at.file_uploader(key=state.NPZ_UPLOADER).set_value(("sin-x.npz", content, "application/octet-stream")).run()
    assert not at.exception, [e.message for e in at.exception]
    shown = [e.value for e in at.error]
    assert any(plain(error.message("es")) in s for s in shown), shown
    assert not any(plain(str(error)) in s for s in shown), shown  # the English sentence is not there
    assert any(s.startswith("Ese archivo no se cargó") for s in shown), shown
    at.selectbox(key=state.widget_key(state.LANG)).set_value("en").run()
    shown = [e.value for e in at.error]
    assert any(plain(str(error)) in s for s in shown), shown  # the same error, now in English
