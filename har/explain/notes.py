"""What each picture shows and what it cannot mean, as Messages (the words: har/locale/*/explain.po)."""

from __future__ import annotations

import math

from torch import nn

from har.explain.attribution import Attribution
from har.explain.embedding import Map2D
from har.explain.sanity import SanityCheck
from har.messages import Message
from har.models import GRUClassifier

MODEL_KEYS = {"rnn": "explain.model.rnn", "cnn": "explain.model.cnn"}  # a model's family -> its name in a sentence
OUTPUT_KEYS = {"probability": "explain.output.probability", "logit": "explain.output.logit"}
OCCLUSION_KEYS = {
    "zeros": "explain.baseline.zeros",
    "mean": "explain.baseline.mean",
    "neighbour": "explain.baseline.neighbour",
}
IG_KEYS = {"zeros": "explain.ig_baseline.zeros", "mean": "explain.ig_baseline.mean"}
METHOD_KEYS = {"occlusion": "explain.method.occlusion", "ig": "explain.method.ig"}
SIMILAR = 0.7  # a rank correlation from here up: the untrained model's picture is much the same
INEXACT = 0.05  # a completeness error above this share of the change: the bars do not add up


def model_name(model: nn.Module) -> Message:
    return Message(MODEL_KEYS[model.config.family])


def output_name(attribution: Attribution, class_name: str) -> Message:
    """'the probability of diving' (or its logit): what the bars are in units of."""
    return Message(OUTPUT_KEYS[attribution.output], name=class_name)


def attribution_notes(attribution: Attribution, clip: int, *, model: nn.Module, class_name: str) -> list[Message]:
    """A paragraph on the bars of clip `clip` of `attribution`: what they measure, then what they cannot mean."""
    output = output_name(attribution, class_name)
    if attribution.method == "occlusion":
        notes = [
            Message("explain.note.occlusion", output=output, baseline=Message(OCCLUSION_KEYS[attribution.baseline])),
            Message("explain.note.occlusion_alone"),
        ]
    else:
        change = float(attribution.score[clip] - attribution.reference[clip])
        error = float(attribution.completeness_error[clip])
        baseline = Message(IG_KEYS[attribution.baseline])
        notes = [
            Message(
                "explain.note.ig", output=output, baseline=baseline, steps=attribution.steps, change=change, error=error
            )
        ]
        if error > INEXACT * max(abs(change), 1e-6):
            notes.append(Message("explain.note.ig_inexact", error=error, change=change))
    notes.append(Message("explain.note.frames", features=model.norm.num_features))
    if isinstance(model, GRUClassifier):
        notes.append(Message("explain.note.recurrent"))
    notes.append(Message("explain.note.one_clip"))
    return notes


def sanity_notes(check: SanityCheck, clip: int) -> list[Message]:
    """Why the untrained model stands beside the trained one, and what their likeness says for clip `clip`."""
    rho = float(check.rank_correlation[clip])
    if math.isnan(rho):
        verdict = Message("explain.sanity.flat")
    else:
        verdict = Message("explain.sanity.similar" if rho >= SIMILAR else "explain.sanity.differs", rho=rho)
    return [Message("explain.sanity.what"), verdict]


def class_average_note(count: int, class_name: str) -> Message:
    return Message("explain.note.class_average", n=int(count), name=class_name)


def map_note(model: nn.Module, projection: Map2D) -> Message:
    first, second = (float(s) for s in projection.variance_share)
    return Message("explain.map.what", model=model_name(model), share=first + second, first=first, second=second)


def memory_note(model: nn.Module, layer: int = 0) -> Message:
    """What the GRU's gates, or the CNN's feature maps of conv layer `layer` (0-based), show."""
    if isinstance(model, GRUClassifier):
        return Message("explain.memory.gru")
    return Message("explain.memory.cnn", layer=layer + 1)
