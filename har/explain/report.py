"""Everything shown about one clip of a weights file's data (both models' probabilities and per-frame attributions,
with the untrained models beside them when asked), and the 2-D map of every saved test clip: values for a page
and for the command line."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from torch import nn

from har.data.dataset import Dataset
from har.errors import HarError
from har.explain.attribution import STEPS, Attribution, attribute
from har.explain.edits import mean_frame
from har.explain.embedding import Map2D, pca_2d, pooled
from har.explain.notes import attribution_notes, sanity_notes
from har.explain.probe import probabilities
from har.explain.sanity import SanityCheck, randomised_check
from har.messages import Message
from har.spreadsheet import rows_csv
from har.weights import WeightsBundle


@dataclass(frozen=True)
class ClipReport:
    key: str
    index: int  # the clip's position in the data set
    label: int  # its true class
    target: int  # the class attributed
    training_clip: bool  # True: the models trained on it, so it says little about them
    probabilities: dict[str, np.ndarray]  # model -> (C,)
    attributions: dict[str, Attribution]  # model -> one clip's attribution (values (1, T))
    notes: dict[str, list[Message]]  # model -> what its bars can and cannot mean
    sanity: dict[str, SanityCheck] = field(default_factory=dict)  # model -> beside an untrained copy (when asked)


def clip_index(data: Dataset, key: str) -> int:
    """The position of the clip named `key`; a HarError naming an existing key when there is none."""
    try:
        return data.keys.index(key)
    except ValueError:
        raise HarError.of("explain.no_clip", key=key, data=data.name, example=data.keys[0]) from None


def training_mean_frame(bundle: WeightsBundle, data: Dataset) -> np.ndarray:
    """(F,) the mean frame of the clips the models trained on: the "mean" baseline."""
    return mean_frame(data.X[bundle.split.train_idx])


def clip_report(
    bundle: WeightsBundle,
    data: Dataset,
    key: str,
    *,
    method: str = "occlusion",
    baseline: str = "zeros",
    output: str = "probability",
    steps: int = STEPS,
    target: int | None = None,
    sanity: bool = False,
    seed: int = 0,
) -> ClipReport:
    """Both models of `bundle` on clip `key` of `data` (the data they were trained on); `target` None attributes
    the clip's true class; `sanity` adds the same attribution of untrained models (weights from `seed`)."""
    i = clip_index(data, key)
    clip = data.X[i : i + 1]  # (1, T, F)
    label = int(data.y[i])
    target = label if target is None else int(target)
    options = {"baseline": baseline, "output": output, "targets": [target], "steps": steps}
    if baseline == "mean":
        options["mean_frame"] = training_mean_frame(bundle, data)
    probs, attributions, notes, checks = {}, {}, {}, {}
    for name, model in bundle.models.items():
        probs[name] = probabilities(model, clip)[0]
        if sanity:
            checks[name] = randomised_check(model, clip, method=method, seed=seed, **options)
            attributions[name] = checks[name].trained
        else:
            attributions[name] = attribute(model, clip, method=method, **options)
        notes[name] = attribution_notes(attributions[name], 0, model=model, class_name=data.class_names[target])
        if sanity:
            notes[name] += sanity_notes(checks[name], 0)
    trained_on = bool(np.isin(i, bundle.split.train_idx))
    return ClipReport(key, i, label, target, trained_on, probs, attributions, notes, checks)


@dataclass(frozen=True)
class ModelMap:
    """Every saved test clip on the 2-D map of one model, and its prediction."""

    projection: Map2D
    predicted: np.ndarray  # (N,) the model's class for each clip


def split_map(bundle: WeightsBundle, data: Dataset) -> tuple[np.ndarray, dict[str, ModelMap]]:
    """(the clips' indices (N,), model -> its map) for the test clips saved with the weights."""
    idx = bundle.split.test_idx
    clips = data.X[idx]
    return idx, {name: model_map(model, clips) for name, model in bundle.models.items()}


def model_map(model: nn.Module, clips) -> ModelMap:
    vectors = pooled(model, clips)  # (N, D)
    return ModelMap(pca_2d(vectors), probabilities(model, clips).argmax(axis=1))


def map_csv(data: Dataset, idx: np.ndarray, maps: dict[str, ModelMap]) -> str:
    """The map as CSV: one row per clip, its key and true class, then each model's class and two coordinates."""
    header = ["key", "true"] + [f"{m}_{c}" for m in maps for c in ("pred", "x", "y")]
    names = data.class_names
    rows = []
    for row, i in enumerate(idx):
        cells = [data.keys[i], names[data.y[i]]]
        for m in maps.values():
            x, y = m.projection.coords[row]
            cells += [names[m.predicted[row]], f"{x:.6g}", f"{y:.6g}"]
        rows.append(cells)
    return rows_csv(header, rows)
