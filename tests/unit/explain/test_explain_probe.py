"""Both models' probabilities on clips and on an edited clip: softmax of the model in eval mode, batched by
length; reversing a clip moves the GRU and leaves an order-blind CNN exactly where it was."""

from __future__ import annotations

import numpy as np
import torch

from har.explain.edits import Edit, apply_edit
from har.explain.probe import compare, probabilities, respond
from har.models import CNNConfig, RNNConfig, build_model


def test_probabilities_are_the_softmax_of_the_model_in_eval_mode(trained, data):
    x = torch.from_numpy(np.array(data.X[:9]))
    for model in trained.values():
        model.train()  # probabilities must switch it to eval mode (BatchNorm's running statistics)
        p = probabilities(model, x)
        with torch.no_grad():
            expected = torch.softmax(model.eval()(x), dim=1).double().numpy()
        assert np.allclose(p, expected, atol=1e-6) and np.allclose(p.sum(axis=1), 1.0)


def test_clips_of_several_lengths_are_batched_by_length_in_their_order(trained, data):
    model = trained["gru"]
    clips = [
        data.X[0],
        apply_edit(data.X[1], Edit("drop", frame=0)),
        data.X[2],
        apply_edit(data.X[3], Edit("repeat", frame=1)),
    ]
    together = probabilities(model, clips)
    alone = np.vstack([probabilities(model, [c]) for c in clips])
    assert np.allclose(together, alone, atol=1e-6)
    assert probabilities(model, []).shape == (0, 3)
    assert set(compare(trained, data.X[:2])) == set(trained)


def test_an_edit_answers_for_both_models_before_and_after(trained, data):
    models = {"rnn": trained["gru"], "cnn": trained["cnn"], "notebook": trained["notebook"]}
    out = respond(models, data.X[4], [Edit("reverse")])
    for name, model in models.items():
        assert np.allclose(out.before[name], probabilities(model, [data.X[4]])[0])
        assert np.allclose(out.after[name], probabilities(model, [data.X[4][::-1]])[0])
        assert np.allclose(out.change(name), out.after[name] - out.before[name])
    dropped = respond(models, data.X[4], [Edit("drop", frame=3)])
    assert set(dropped.after) == {"rnn", "cnn"} and set(dropped.refused) == {"notebook"}
    assert dropped.refused["notebook"].key == "error.explain.frames_fixed"
    assert dropped.edited.origin == (0, 1, 2, 4, 5)


def test_reversing_moves_the_gru_and_leaves_a_kernel_1_mean_pooled_cnn_unchanged(data):
    gru = build_model(RNNConfig(hidden=8), **data.shape, seed=0).eval()
    blind = build_model(CNNConfig(widths=(12,), kernel_size=1, pooling="mean"), **data.shape, seed=0).eval()
    clips = data.X[:6]
    for clip in clips:
        out = respond({"rnn": gru, "cnn": blind}, clip, [Edit("reverse")])
        assert np.abs(out.change("cnn")).max() <= 1e-6
        assert np.abs(out.change("rnn")).max() > 1e-4
