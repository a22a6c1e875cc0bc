"""Break a clip and watch: pure edits of one clip (T, F) (reverse, shuffle, drop, repeat, blank or swap in a
frame), kept as a list of `Edit` values that `apply_edits` applies in order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from har.errors import HarError, check_choice

EDITS = ("reverse", "shuffle", "drop", "repeat", "blank", "swap")
ON_A_FRAME = ("drop", "repeat", "blank", "swap")  # the edits that name the frame they act on
LENGTH_EDITS = ("drop", "repeat")  # the clip gets one frame fewer (drop) or one more (repeat)
BLANKS = ("zeros", "mean")  # what a blanked frame becomes: all zeros, or the data set's mean frame


@dataclass(frozen=True)
class Edit:
    """One change to a clip: `Edit("reverse")`, `Edit("shuffle", seed=3)`, `Edit("drop", frame=4)`,
    `Edit("blank", frame=0, baseline="mean")`, `Edit("swap", frame=2, other_frame=7)`."""

    kind: str  # one of EDITS
    frame: int | None = None  # the frame (0-based) that drop, repeat, blank and swap act on
    seed: int = 0  # shuffle: the same seed gives the same order
    baseline: str = "zeros"  # blank: "zeros" or "mean" (the data set's mean frame)
    other_frame: int | None = None  # swap: the frame of the other clip put in (None: the same position)

    def __post_init__(self):
        check_choice("edit", self.kind, EDITS)
        check_choice("blank baseline", self.baseline, BLANKS)
        if self.kind in ON_A_FRAME and self.frame is None:
            raise ValueError(f"the {self.kind} edit needs the frame it acts on (frame=...)")
        if self.frame is not None:
            object.__setattr__(self, "frame", int(self.frame))

    @property
    def changes_length(self) -> bool:
        return self.kind in LENGTH_EDITS


@dataclass(frozen=True)
class Edited:
    """A clip after its edits, and where each of its frames came from."""

    frames: np.ndarray  # (T', F) float32
    origin: tuple[int | None, ...]  # (T',) the original frame each one is; None: blanked or from the other clip


def shuffle_order(n_frames: int, seed: int) -> np.ndarray:
    """A random order of `n_frames` frames fixed by `seed`, never the unchanged one (n_frames > 1)."""
    order = np.random.default_rng(seed).permutation(n_frames)
    if n_frames > 1 and np.array_equal(order, np.arange(n_frames)):
        order = np.roll(order, 1)  # an unchanged clip would hide the effect
    return order


def positions(edit: Edit, n_frames: int) -> list[int | None]:
    """For each frame of the edited clip, the frame of the clip it copies (None: a new frame put in)."""
    if edit.kind in ON_A_FRAME:
        _check_frame(edit.frame, n_frames)
    frames = list(range(n_frames))
    if edit.kind == "reverse":
        return frames[::-1]
    if edit.kind == "shuffle":
        return shuffle_order(n_frames, edit.seed).tolist()
    t = edit.frame
    if edit.kind == "drop":
        if n_frames < 2:
            raise HarError.of("explain.last_frame")
        return frames[:t] + frames[t + 1 :]
    if edit.kind == "repeat":
        return frames[: t + 1] + [t] + frames[t + 1 :]
    return [None if i == t else i for i in frames]  # blank, swap: frame t replaced


def apply_edit(clip, edit: Edit, *, other=None, mean_frame=None) -> np.ndarray:
    """`clip` (T, F) with one edit applied: (T', F). `other` (T2, F) is the clip a swap takes its frame from,
    `mean_frame` (F,) what a blank with baseline "mean" puts in."""
    return _applied(np.asarray(clip, dtype=np.float32), edit, other, mean_frame)[0]


def apply_edits(clip, edits: Iterable[Edit], *, other=None, mean_frame=None) -> Edited:
    """`clip` (T, F) after each of `edits` in turn, with the original frame each resulting frame holds."""
    frames = np.asarray(clip, dtype=np.float32)
    if frames.ndim != 2:
        raise ValueError(f"a clip is (frames, features); got shape {frames.shape}")
    origin: list[int | None] = list(range(len(frames)))
    for edit in edits:
        frames, pos = _applied(frames, edit, other, mean_frame)
        origin = [None if p is None else origin[p] for p in pos]
    return Edited(frames, tuple(origin))


def reverse_frames(clip) -> np.ndarray:
    return apply_edit(clip, Edit("reverse"))


def shuffle_frames(clip, *, seed: int) -> np.ndarray:
    return apply_edit(clip, Edit("shuffle", seed=seed))


def drop_frame(clip, *, frame: int) -> np.ndarray:
    return apply_edit(clip, Edit("drop", frame=frame))


def repeat_frame(clip, *, frame: int) -> np.ndarray:
    return apply_edit(clip, Edit("repeat", frame=frame))


def blank_frame(clip, *, frame: int, baseline: str = "zeros", mean_frame=None) -> np.ndarray:
    return apply_edit(clip, Edit("blank", frame=frame, baseline=baseline), mean_frame=mean_frame)


def swap_frame(clip, *, frame: int, other, other_frame: int | None = None) -> np.ndarray:
    return apply_edit(clip, Edit("swap", frame=frame, other_frame=other_frame), other=other)


def mean_frame(clips) -> np.ndarray:
    """The data set's mean frame (F,): every feature averaged over all clips (N, T, F) and frames."""
    return np.asarray(clips, dtype=np.float32).mean(axis=(0, 1), dtype=np.float64).astype(np.float32)


def _applied(frames: np.ndarray, edit: Edit, other, mean_frame) -> tuple[np.ndarray, list[int | None]]:
    pos = positions(edit, len(frames))
    fill = _new_frame(edit, frames.shape[1], other, mean_frame) if None in pos else None
    rows = [fill if p is None else frames[p] for p in pos]
    return np.stack(rows).astype(np.float32, copy=False), pos


def _new_frame(edit: Edit, n_features: int, other, mean_frame) -> np.ndarray:
    """(F,) the frame a blank or a swap puts in."""
    if edit.kind == "blank":
        if edit.baseline == "zeros":
            return np.zeros(n_features, dtype=np.float32)
        if mean_frame is None:
            raise HarError.of("explain.no_mean_frame")
        return _features(np.asarray(mean_frame, dtype=np.float32).reshape(-1), n_features)
    if other is None:
        raise HarError.of("explain.no_other_clip")
    other = np.asarray(other, dtype=np.float32)
    source = edit.frame if edit.other_frame is None else edit.other_frame
    _check_frame(source, len(other))
    return _features(other[source], n_features)


def _features(frame: np.ndarray, n_features: int) -> np.ndarray:
    if frame.shape != (n_features,):
        raise HarError.of("explain.other_features", found=frame.shape[-1], expected=n_features)
    return frame


def _check_frame(frame: int, n_frames: int) -> None:
    if not 0 <= frame < n_frames:
        raise HarError.of("explain.no_frame", number=frame + 1, n=n_frames)  # people count frames from 1
