"""Which frames mattered: one number per frame for the chosen class, by frame occlusion (replace frame t by a
baseline and see the class's output drop) or by Integrated Gradients (summed over each frame's features, with
its completeness error). Both attribute the same output: the class probability (default) or its logit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from har.errors import HarError, check_choice
from har.explain.tensors import as_input
from har.train import EVAL_BATCH

METHODS = ("occlusion", "ig")
OUTPUTS = ("probability", "logit")  # what is attributed: the softmax probability of the class, or its logit
OCCLUSION_BASELINES = ("zeros", "mean", "neighbour")  # what an occluded frame becomes
IG_BASELINES = ("zeros", "mean")  # the clip Integrated Gradients starts its path from
STEPS = 50  # points on the path from the baseline to the clip (Captum's default)


@dataclass(frozen=True)
class Attribution:
    """Per-frame attributions of N clips for one chosen class each. A positive value: the frame raised the
    class's output; the values are in the units of the output (probability or logit)."""

    method: str  # "occlusion" or "ig"
    baseline: str  # what a frame is compared with: "zeros", "mean" or (occlusion) "neighbour"
    output: str  # "probability" or "logit"
    values: np.ndarray  # (N, T) float64
    targets: np.ndarray  # (N,) int64: the class attributed in each clip
    score: np.ndarray  # (N,) the output of that class on the clip
    reference: np.ndarray | None = None  # (N,) IG: the output on the baseline clip
    completeness_error: np.ndarray | None = None  # (N,) IG: |sum of values - (score - reference)|
    steps: int | None = None  # IG: points on the path


def class_output(model: nn.Module, x: torch.Tensor, targets: torch.Tensor, output: str) -> torch.Tensor:
    """(B,) the output attributed: class `targets[b]`'s probability or logit for clip x[b] (B, T, F)."""
    logits = model(x)  # (B, C)
    values = torch.softmax(logits, dim=1) if output == "probability" else logits
    return values.gather(1, targets[:, None]).squeeze(1)


def occlusion(
    model: nn.Module,
    clips,
    *,
    targets=None,
    baseline: str = "zeros",
    output: str = "probability",
    mean_frame=None,
    batch: int = EVAL_BATCH,
) -> Attribution:
    """For each frame t of each clip (N, T, F): the class's output on the clip minus its output with frame t
    replaced by `baseline` (zeros, the data set's mean frame, or the neighbouring frame: the one before, the
    second for the first). All T occlusions of a clip run in one forward. `targets` (N,) default: the predicted
    class of each clip."""
    check_choice("occlusion baseline", baseline, OCCLUSION_BASELINES)
    check_choice("output", output, OUTPUTS)
    model.eval()
    x = as_clips(model, clips)  # (N, T, F)
    n, frames, _ = x.shape
    targets = resolve_targets(model, x, targets)
    per_clip = max(1, batch // (frames + 1))
    rows = []
    with torch.inference_mode():
        for i in range(0, n, per_clip):
            xc, tc = x[i : i + per_clip], targets[i : i + per_clip]  # (m, T, F), (m,)
            new = _replacements(xc, baseline, mean_frame)  # (m, T, F): what each frame t becomes
            t = torch.arange(frames)
            occluded = xc[:, None].repeat(1, frames, 1, 1)  # (m, T, T, F): copy t of clip, frame t replaced
            occluded[:, t, t] = new
            both = torch.cat([xc[:, None], occluded], dim=1)  # (m, 1 + T, T, F)
            out = class_output(model, both.flatten(0, 1), tc.repeat_interleave(frames + 1), output)
            rows.append(out.view(len(xc), frames + 1).double())  # (m, 1 + T)
    out = torch.cat(rows).cpu().numpy()  # (N, 1 + T)
    return Attribution("occlusion", baseline, output, out[:, :1] - out[:, 1:], targets.cpu().numpy(), out[:, 0])


def integrated_gradients(
    model: nn.Module,
    clips,
    *,
    targets=None,
    baseline: str = "zeros",
    output: str = "probability",
    mean_frame=None,
    steps: int = STEPS,
    batch: int = EVAL_BATCH,
) -> Attribution:
    """Integrated Gradients of the class's output w.r.t. each clip (N, T, F), from the baseline clip (all zeros,
    or the mean frame at every step) along the straight path, summed over each frame's features: (N, T).
    The path integral is summed by Gauss-Legendre quadrature on `steps` points, Captum's default rule, so the
    two agree."""
    check_choice("Integrated Gradients baseline", baseline, IG_BASELINES)
    check_choice("output", output, OUTPUTS)
    model.eval()
    x = as_clips(model, clips)  # (N, T, F)
    targets = resolve_targets(model, x, targets)
    base = _baseline_clips(x, baseline, mean_frame)  # (N, T, F)
    alphas, weights = path_points(steps)
    alphas = torch.as_tensor(alphas, dtype=x.dtype, device=x.device)  # (S,)
    weights = torch.as_tensor(weights, dtype=x.dtype, device=x.device)  # (S,)
    per_clip = max(1, batch // steps)
    values = []
    for i in range(0, len(x), per_clip):
        xc, bc, tc = x[i : i + per_clip], base[i : i + per_clip], targets[i : i + per_clip]
        with torch.enable_grad():
            path = bc[:, None] + alphas[None, :, None, None] * (xc - bc)[:, None]  # (m, S, T, F)
            path = path.flatten(0, 1).requires_grad_()  # (m * S, T, F)
            out = class_output(model, path, tc.repeat_interleave(steps), output)  # (m * S,)
            (grads,) = torch.autograd.grad(out.sum(), path)  # clips are independent in eval mode
        grads = grads.view(len(xc), steps, *xc.shape[1:])  # (m, S, T, F)
        mean_grad = (grads * weights[None, :, None, None]).sum(dim=1)  # (m, T, F)
        values.append((mean_grad * (xc - bc)).sum(dim=2).double())  # (m, T): summed over features
    values = torch.cat(values).cpu().numpy()
    with torch.inference_mode():
        score = class_output(model, x, targets, output).double().cpu().numpy()
        reference = class_output(model, base, targets, output).double().cpu().numpy()
    error = np.abs(values.sum(axis=1) - (score - reference))
    return Attribution("ig", baseline, output, values, targets.cpu().numpy(), score, reference, error, steps)


METHOD_FUNCTIONS = {"occlusion": occlusion, "ig": integrated_gradients}


def attribute(model: nn.Module, clips, *, method: str = "occlusion", **options) -> Attribution:
    """`occlusion` or `integrated_gradients` (method "ig") with `options`."""
    check_choice("attribution method", method, METHODS)
    if method == "occlusion":
        options.pop("steps", None)  # a path length means nothing to occlusion
    return METHOD_FUNCTIONS[method](model, clips, **options)


def path_points(steps: int) -> tuple[np.ndarray, np.ndarray]:
    """(alphas (S,), weights (S,)): where on the path from baseline (0) to clip (1) the gradient is taken, and
    how much each point counts (they sum to 1): Gauss-Legendre nodes and weights moved from [-1, 1] to [0, 1],
    as Captum's "gausslegendre" computes them."""
    if steps < 1:
        raise ValueError(f"Integrated Gradients needs at least 1 step, got {steps}")
    nodes, weights = np.polynomial.legendre.leggauss(steps)
    return 0.5 * (1 + nodes), 0.5 * weights


def resolve_targets(model: nn.Module, x: torch.Tensor, targets) -> torch.Tensor:
    """(N,) int64 on x's device: `targets` as given (one class for all, or one per clip), else each clip's
    predicted class."""
    if targets is None:
        with torch.inference_mode():
            return model(x).argmax(dim=1)
    targets = torch.as_tensor(np.asarray(targets), dtype=torch.int64, device=x.device).reshape(-1)
    return targets.expand(len(x)).clone() if targets.numel() == 1 else targets


def as_clips(model: nn.Module, clips) -> torch.Tensor:
    """Clips (N, T, F) as a tensor on the model's device and in its dtype."""
    return as_input(model, clips)


def _mean(x: torch.Tensor, mean_frame) -> torch.Tensor:
    if mean_frame is None:
        raise HarError.of("explain.no_mean_frame")
    return torch.as_tensor(np.asarray(mean_frame), dtype=x.dtype, device=x.device).reshape(1, 1, -1)


def _replacements(x: torch.Tensor, baseline: str, mean_frame) -> torch.Tensor:
    """(N, T, F): what frame t of each clip becomes when it is occluded."""
    if baseline == "zeros":
        return torch.zeros_like(x)
    if baseline == "mean":
        return _mean(x, mean_frame).expand_as(x)
    if x.shape[1] < 2:
        raise HarError.of("explain.no_neighbour")
    before = torch.arange(x.shape[1], device=x.device) - 1
    before[0] = 1  # the first frame has no frame before it: its neighbour is the second
    return x[:, before]


def _baseline_clips(x: torch.Tensor, baseline: str, mean_frame) -> torch.Tensor:
    """(N, T, F): the clip Integrated Gradients starts from."""
    return torch.zeros_like(x) if baseline == "zeros" else _mean(x, mean_frame).expand_as(x).contiguous()
