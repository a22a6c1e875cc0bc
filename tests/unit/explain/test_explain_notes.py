"""What the pictures say, as Messages that render in English and Spanish: the recurrent caveat for the GRU only,
a warning when Integrated Gradients does not add up, and the sanity check's verdict."""

from __future__ import annotations

import numpy as np

from har.explain.attribution import integrated_gradients, occlusion
from har.explain.embedding import pca_2d, pooled
from har.explain.notes import attribution_notes, class_average_note, map_note, memory_note, sanity_notes
from har.explain.sanity import SanityCheck
from har.i18n import languages, render
from har.messages import Message


def rendered(messages: list[Message]) -> dict[str, str]:
    return {lang: " ".join(render(m, lang) for m in messages) for lang in languages()}


def test_the_notes_of_each_method_render_in_both_languages(trained, data):
    for name in ("gru", "cnn", "notebook"):
        model = trained[name]
        for a in (occlusion(model, data.X[:1], baseline="neighbour"), integrated_gradients(model, data.X[:1])):
            notes = attribution_notes(a, 0, model=model, class_name="diving")
            keys = [m.key for m in notes]
            assert ("explain.note.recurrent" in keys) == (name == "gru"), (name, keys)
            assert "explain.note.frames" in keys and keys[-1] == "explain.note.one_clip"
            text = rendered(notes)
            assert "diving" in text["en"] and "diving" in text["es"] and text["en"] != text["es"]
            if a.method == "ig":
                assert f"{a.completeness_error[0]:.1e}" in text["en"]
            else:
                assert "the frame next to it" in text["en"] and "el fotograma de al lado" in text["es"]


def test_integrated_gradients_that_do_not_add_up_say_so(trained, data):
    model = trained["cnn_max"]
    coarse = integrated_gradients(model, data.X[:4], steps=2)
    fine = integrated_gradients(model.double(), data.X[:4], steps=400)
    model.float()
    change = np.abs(coarse.score - coarse.reference)
    worst = int(np.argmax(coarse.completeness_error / change))
    assert coarse.completeness_error[worst] > 0.05 * change[worst]  # the case the warning is for
    keys = [m.key for m in attribution_notes(coarse, worst, model=model, class_name="x")]
    assert "explain.note.ig_inexact" in keys
    best = int(np.argmin(fine.completeness_error / np.abs(fine.score - fine.reference)))
    assert "explain.note.ig_inexact" not in [m.key for m in attribution_notes(fine, best, model=model, class_name="x")]


def test_the_sanity_verdict_follows_the_rank_correlation(trained, data):
    a = occlusion(trained["gru"], data.X[:3])
    check = SanityCheck(a, a, np.array([0.9, 0.1, np.nan]), seed=0)
    verdicts = [sanity_notes(check, i)[-1].key for i in range(3)]
    assert verdicts == ["explain.sanity.similar", "explain.sanity.differs", "explain.sanity.flat"]
    assert "0.90" in rendered(sanity_notes(check, 0))["en"]


def test_the_map_memory_and_class_notes_render(trained, data):
    model = trained["gru"]
    projection = pca_2d(pooled(model, data.X))
    text = rendered([map_note(model, projection)])
    share = projection.variance_share.sum()
    assert f"{share:.0%}" in text["en"] and "the RNN" in text["en"] and "la RNN" in text["es"]
    assert rendered([memory_note(model)])["en"].startswith("The GRU's memory")
    assert "layer 2" in rendered([memory_note(trained["cnn"], 1)])["en"]
    assert rendered([class_average_note(1, "diving")])["en"].startswith("The bars of the one test clip of diving")
    assert "12 test clips" in rendered([class_average_note(12, "diving")])["en"]
