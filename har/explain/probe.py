"""The class probabilities of each model on clips, batched (clips of one length share a forward), in eval
mode; and the answer to one edit: both models on the clip before and after it, in one forward each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from har.explain.edits import Edit, Edited, apply_edits
from har.explain.families import accepts_frames, check_frames, fixed_frames, shape_of
from har.messages import Message
from har.train import EVAL_BATCH


@torch.inference_mode()
def probabilities(model: nn.Module, clips) -> np.ndarray:
    """Softmax of `model` on each clip: (N, C) float64. `clips` is (N, T, F) or a list of (T_i, F) clips of
    any lengths the model accepts; clips of one length are batched together."""
    clips = _as_list(clips)
    model.eval()
    like = next(model.parameters())
    out: list[np.ndarray | None] = [None] * len(clips)
    for length, rows in _by_length(clips).items():
        check_frames(model, length)
        for i in range(0, len(rows), EVAL_BATCH):
            chunk = rows[i : i + EVAL_BATCH]
            x = torch.from_numpy(np.stack([clips[r] for r in chunk])).to(like.device, like.dtype)  # (B, T, F)
            p = torch.softmax(model(x), dim=1).double().cpu().numpy()  # (B, C)
            for r, row in zip(chunk, p, strict=True):
                out[r] = row
    if not clips:
        return np.zeros((0, shape_of(model, 0)["n_classes"]))
    return np.stack(out)


def compare(models: dict[str, nn.Module], clips) -> dict[str, np.ndarray]:
    """{name: (N, C) probabilities} of every model on the same clips."""
    return {name: probabilities(model, clips) for name, model in models.items()}


@dataclass(frozen=True)
class EditResponse:
    """Both models on one clip before and after a list of edits."""

    edited: Edited  # the clip after the edits, and where its frames came from
    before: dict[str, np.ndarray]  # name -> (C,) probabilities on the clip as it is
    after: dict[str, np.ndarray]  # name -> (C,) on the edited clip; a model that cannot read it is absent
    refused: dict[str, Message] = field(default_factory=dict)  # name -> why it cannot read the edited clip

    def change(self, name: str) -> np.ndarray:
        """(C,) how much each class's probability moved (after minus before)."""
        return self.after[name] - self.before[name]


def respond(
    models: dict[str, nn.Module], clip, edits: Iterable[Edit] = (), *, other=None, mean_frame=None
) -> EditResponse:
    """Apply `edits` to `clip` (T, F) and run every model on the clip and its edited copy (one batch of two when
    the length is unchanged)."""
    clip = np.asarray(clip, dtype=np.float32)
    edited = apply_edits(clip, list(edits), other=other, mean_frame=mean_frame)
    before, after, refused = {}, {}, {}
    for name, model in models.items():
        if not accepts_frames(model, len(edited.frames)):
            before[name] = probabilities(model, [clip])[0]
            refused[name] = _refusal(model, len(edited.frames))
            continue
        both = probabilities(model, [clip, edited.frames])
        before[name], after[name] = both[0], both[1]
    return EditResponse(edited, before, after, refused)


def _refusal(model: nn.Module, n_frames: int) -> Message:
    """The sentence check_frames would raise, as a Message."""
    return Message("error.explain.frames_fixed", n=fixed_frames(model), found=n_frames)


def _as_list(clips) -> list[np.ndarray]:
    if isinstance(clips, torch.Tensor):
        clips = clips.detach().cpu().numpy()
    if isinstance(clips, np.ndarray) and clips.ndim == 2:
        raise ValueError("give a list of clips or an (N, T, F) array; wrap one clip (T, F) in a list")
    return [np.ascontiguousarray(c, dtype=np.float32) for c in clips]


def _by_length(clips: Sequence[np.ndarray]) -> dict[int, list[int]]:
    """{frames: positions of the clips of that length}."""
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(clips):
        groups.setdefault(len(c), []).append(i)
    return groups
