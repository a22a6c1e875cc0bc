"""Edits of one clip: each one against numpy indexing, applied in order with the origin of every frame, and which
model families can read a clip whose length an edit changed."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from har.errors import HarError
from har.explain.edits import (
    EDITS,
    Edit,
    apply_edit,
    apply_edits,
    blank_frame,
    drop_frame,
    mean_frame,
    repeat_frame,
    reverse_frames,
    shuffle_frames,
    shuffle_order,
    swap_frame,
)
from har.explain.families import accepts_frames, allowed_edits, check_frames
from har.explain.probe import probabilities

CLIP = np.arange(5 * 3, dtype=np.float32).reshape(5, 3)  # (T=5, F=3): row t holds 3t, 3t+1, 3t+2
OTHER = -np.arange(4 * 3, dtype=np.float32).reshape(4, 3) - 100


def test_each_edit_matches_numpy_indexing():
    assert np.array_equal(reverse_frames(CLIP), CLIP[::-1])
    assert np.array_equal(drop_frame(CLIP, frame=2), CLIP[[0, 1, 3, 4]])
    assert np.array_equal(repeat_frame(CLIP, frame=1), CLIP[[0, 1, 1, 2, 3, 4]])
    assert np.array_equal(blank_frame(CLIP, frame=4), np.vstack([CLIP[:4], np.zeros((1, 3))]))
    mean = np.array([7.0, 8.0, 9.0], dtype=np.float32)
    assert np.array_equal(blank_frame(CLIP, frame=0, baseline="mean", mean_frame=mean), np.vstack([mean, CLIP[1:]]))
    assert np.array_equal(swap_frame(CLIP, frame=3, other=OTHER), np.vstack([CLIP[:3], OTHER[3], CLIP[4:]]))
    assert np.array_equal(swap_frame(CLIP, frame=4, other=OTHER, other_frame=0), np.vstack([CLIP[:4], OTHER[0]]))
    order = shuffle_order(5, seed=3)
    assert np.array_equal(shuffle_frames(CLIP, seed=3), CLIP[order])


def test_edits_are_pure_and_take_tensors_too():
    before = CLIP.copy()
    for kind in EDITS:
        apply_edit(CLIP, Edit(kind, frame=1), other=OTHER)
    assert np.array_equal(CLIP, before)
    assert np.array_equal(reverse_frames(torch.from_numpy(CLIP)), CLIP[::-1])


def test_a_shuffle_is_seeded_a_true_permutation_and_never_the_unchanged_order():
    for seed in range(50):
        order = shuffle_order(5, seed)
        assert sorted(order.tolist()) == list(range(5)) and not np.array_equal(order, np.arange(5))
        assert np.array_equal(order, shuffle_order(5, seed))
    assert shuffle_order(2, 0).tolist() == [1, 0]
    assert len({tuple(shuffle_order(10, s)) for s in range(20)}) > 15


def test_edits_apply_in_order_and_record_where_each_frame_came_from():
    edits = [Edit("reverse"), Edit("drop", frame=0), Edit("repeat", frame=1), Edit("swap", frame=0, other_frame=2)]
    out = apply_edits(CLIP, edits, other=OTHER)
    # reversed: 4 3 2 1 0; drop position 0: 3 2 1 0; repeat position 1: 3 2 2 1 0; swap position 0: other's 2
    assert out.origin == (None, 2, 2, 1, 0)
    assert np.array_equal(out.frames, np.vstack([OTHER[2], CLIP[[2, 2, 1, 0]]]))
    shuffled = apply_edits(CLIP, [Edit("shuffle", seed=7)])
    assert shuffled.origin == tuple(shuffle_order(5, 7).tolist())  # the permutation, recorded
    assert apply_edits(CLIP, []).origin == (0, 1, 2, 3, 4)


def test_an_edit_checks_what_it_is_given():
    with pytest.raises(ValueError, match="choose one of"):
        Edit("rotate")
    with pytest.raises(ValueError, match="frame"):
        Edit("drop")
    with pytest.raises(HarError) as e:
        drop_frame(CLIP, frame=5)
    assert e.value.key == "explain.no_frame" and "1 to 5" in str(e.value)
    with pytest.raises(HarError, match="last frame"):
        drop_frame(CLIP[:1], frame=0)
    with pytest.raises(HarError) as e:
        blank_frame(CLIP, frame=0, baseline="mean")
    assert e.value.key == "explain.no_mean_frame"
    with pytest.raises(HarError) as e:
        swap_frame(CLIP, frame=0, other=None)
    assert e.value.key == "explain.no_other_clip"
    with pytest.raises(HarError) as e:
        swap_frame(CLIP, frame=0, other=np.zeros((5, 4)))
    assert e.value.key == "explain.other_features"
    with pytest.raises(HarError):
        swap_frame(CLIP, frame=0, other=OTHER, other_frame=4)  # the other clip has 4 frames


def test_the_mean_frame_averages_over_clips_and_frames():
    clips = np.random.default_rng(0).random((4, 3, 2), dtype=np.float32)
    assert np.allclose(mean_frame(clips), clips.reshape(-1, 2).mean(axis=0))


def test_every_family_but_the_notebook_cnn_reads_a_clip_with_one_frame_fewer_or_more(trained, data):
    clip = data.X[0]
    for name, model in trained.items():
        for edit in (Edit("drop", frame=2), Edit("repeat", frame=2)):
            edited = apply_edit(clip, edit)
            if name.startswith("notebook"):
                assert not accepts_frames(model, len(edited))
                assert "drop" not in allowed_edits(model) and "repeat" not in allowed_edits(model)
                with pytest.raises(HarError) as e:
                    probabilities(model, [edited])
                assert e.value.key == "explain.frames_fixed" and "input channels" in str(e.value)
            else:
                assert allowed_edits(model) == EDITS
                p = probabilities(model, [edited])
                assert p.shape == (1, 3) and np.isclose(p.sum(), 1.0)
        check_frames(model, len(clip))  # the length it was trained on is always fine
