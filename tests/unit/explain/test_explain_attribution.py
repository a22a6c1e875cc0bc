"""Occlusion and Integrated Gradients equal Captum's on the same models and inputs, and IG's completeness error
shrinks to nothing with enough steps."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from captum.attr import FeatureAblation, IntegratedGradients, Occlusion

from har.explain.attribution import attribute, integrated_gradients, occlusion, path_points
from har.explain.edits import mean_frame

TOLERANCE = 1e-5


def forward(model, output):
    """What Captum attributes: the model's probabilities or logits (B, C), the target picked by Captum."""
    return (lambda x: torch.softmax(model(x), dim=1)) if output == "probability" else model


def captum_baseline(x, baseline, mean):
    """The baseline tensor Captum's ablations and IG take for our named baselines: (N, T, F) or a number."""
    if baseline == "zeros":
        return 0.0
    if baseline == "mean":
        return torch.as_tensor(mean, dtype=x.dtype).expand_as(x).contiguous()
    before = torch.arange(x.shape[1]) - 1
    before[0] = 1
    return x[:, before].contiguous()


@pytest.fixture(scope="module", params=["float32", "float64"])
def setup(request, trained, data):
    """(models, clips (N, T, F), targets, mean frame) in one dtype; float64 leaves only Captum's own rounding."""
    dtype = getattr(torch, request.param)
    models = {n: trained[n].to(dtype) for n in ("gru", "gru2", "cnn", "cnn_max")}
    yield models, torch.from_numpy(np.array(data.X[:5])).to(dtype), torch.tensor([0, 1, 2, 1, 0]), mean_frame(data.X)
    for m in models.values():
        m.float()


@pytest.mark.parametrize("output", ["probability", "logit"])
@pytest.mark.parametrize("baseline", ["zeros", "mean", "neighbour"])
def test_occlusion_equals_captums_occlusion_and_feature_ablation(setup, baseline, output):
    models, x, targets, mean = setup
    n, frames, features = x.shape
    frame_of = torch.arange(frames)[:, None].expand(frames, features)[None]  # (1, T, F): each feature's frame
    for name, model in models.items():
        ours = occlusion(model, x, targets=targets, baseline=baseline, output=output, mean_frame=mean)
        base = captum_baseline(x, baseline, mean)
        theirs = Occlusion(forward(model, output)).attribute(
            x, sliding_window_shapes=(1, features), strides=(1, features), baselines=base, target=targets
        )
        ablated = FeatureAblation(forward(model, output)).attribute(
            x, baselines=base, target=targets, feature_mask=frame_of
        )
        for other in (theirs, ablated):  # every feature of a frame carries that frame's value
            assert torch.equal(other, other[:, :, :1].expand_as(other))
            diff = np.abs(other[:, :, 0].double().numpy() - ours.values).max()
            assert diff <= TOLERANCE, (name, baseline, output, diff)
        assert ours.values.shape == (n, frames) and ours.targets.tolist() == targets.tolist()


@pytest.mark.parametrize("output", ["probability", "logit"])
@pytest.mark.parametrize("baseline", ["zeros", "mean"])
def test_integrated_gradients_equal_captums_and_say_their_completeness_error(setup, baseline, output):
    models, x, targets, mean = setup
    for name, model in models.items():
        ours = integrated_gradients(model, x, targets=targets, baseline=baseline, output=output, mean_frame=mean)
        base = captum_baseline(x, baseline, mean)
        theirs, delta = IntegratedGradients(forward(model, output)).attribute(
            x, baselines=base, target=targets, n_steps=50, return_convergence_delta=True
        )
        diff = np.abs(theirs.sum(dim=2).double().numpy() - ours.values).max()
        assert diff <= TOLERANCE, (name, baseline, output, diff)
        assert np.allclose(ours.completeness_error, np.abs(delta.double().numpy()), atol=TOLERANCE)


def test_the_path_points_are_captums_gauss_legendre_rule():
    from captum.attr._utils.approximation_methods import approximation_parameters

    sizes, alphas = approximation_parameters("gausslegendre")
    ours_alphas, ours_weights = path_points(50)
    assert np.allclose(ours_alphas, alphas(50), atol=0, rtol=1e-12)
    assert np.allclose(ours_weights, sizes(50), atol=0, rtol=1e-12)
    assert np.isclose(ours_weights.sum(), 1.0)


def test_with_enough_steps_the_frames_add_up_to_the_whole_change(trained, data):
    x = data.X[:4]
    for name in ("gru", "gru2", "cnn", "cnn_max"):
        model = trained[name].double()
        try:
            few, many = integrated_gradients(model, x, steps=10), integrated_gradients(model, x, steps=400)
            change = np.abs(many.score - many.reference)
            assert np.allclose(many.values.sum(axis=1), many.score - many.reference, atol=many.completeness_error.max())
            if name.startswith("gru"):  # smooth: Gauss-Legendre converges fast
                assert integrated_gradients(model, x).completeness_error.max() < 1e-8, name
            else:  # ReLU kinks: slower, but it still closes in
                assert (many.completeness_error / change).max() < 0.01, name
                assert many.completeness_error.max() < few.completeness_error.max(), name
        finally:
            model.float()


def test_occlusion_runs_all_frames_in_one_batch_as_one_at_a_time_would(trained, data):
    model = trained["cnn"]
    clip = torch.from_numpy(np.array(data.X[7]))
    a = occlusion(model, clip[None])  # the predicted class by default
    with torch.no_grad():
        p = torch.softmax(model(clip[None]), dim=1)[0]
        target = int(p.argmax())
        for t in range(clip.shape[0]):
            hidden = clip.clone()
            hidden[t] = 0
            dropped = torch.softmax(model(hidden[None]), dim=1)[0, target]
            assert abs(a.values[0, t] - float(p[target] - dropped)) < 1e-6
    assert a.targets.tolist() == [target] and abs(a.score[0] - float(p[target])) < 1e-6


def test_attribute_dispatches_and_checks_its_choices(trained, data):
    model = trained["gru"]
    x = data.X[:2]
    assert np.allclose(attribute(model, x, method="occlusion", steps=9).values, occlusion(model, x).values)
    assert np.allclose(attribute(model, x, method="ig", steps=9).values, integrated_gradients(model, x, steps=9).values)
    with pytest.raises(ValueError, match="choose one of"):
        attribute(model, x, method="saliency")
    with pytest.raises(ValueError, match="choose one of"):
        integrated_gradients(model, x, baseline="neighbour")
    with pytest.raises(ValueError, match="N, frames, features"):
        occlusion(model, data.X[0])
