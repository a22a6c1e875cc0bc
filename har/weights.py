"""Keep the models: trained weights with their configs, data shape and train/test split in one file, loaded
safely, and scored only on clips they never trained on unless asked otherwise."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn

from har.data.dataset import Dataset, fingerprint
from har.data.splits import Split, indices_fingerprint
from har.errors import HarError
from har.messages import Message
from har.metrics import confusion_matrix
from har.models import NotebookCNNConfig, build_model
from har.paths import replace_atomically
from har.presets import config_to_dict
from har.train import predict
from har.weights_check import MAX_BYTES, check_file_size, check_header

FORMAT, VERSION = "har-weights", 2  # 2: the train/test split travels with the weights
SPLIT_KEYS = {"random": "weights.split.random", "group": "weights.split.group"}


@dataclass(frozen=True)
class SavedSplit:
    """The split a file's models were trained on: how it was made, which data, and exactly which clips."""

    kind: str  # "random" or "group"
    seed: int
    test_fraction: float
    data_fingerprint: str  # har.data.dataset.fingerprint of the data trained on
    test_fingerprint: str  # indices_fingerprint of test_idx
    train_idx: np.ndarray  # (n_train,) clip indices the models learned from
    test_idx: np.ndarray  # (n_test,) clip indices they never saw

    @classmethod
    def of(cls, data: Dataset, split: Split) -> SavedSplit:
        return cls(
            split.kind,
            int(split.seed),
            float(split.test_fraction),
            fingerprint(data),
            indices_fingerprint(split.test_idx),
            np.asarray(split.train_idx, dtype=np.int64),
            np.asarray(split.test_idx, dtype=np.int64),
        )

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "seed": self.seed,
            "test_fraction": self.test_fraction,
            "data_fingerprint": self.data_fingerprint,
            "test_fingerprint": self.test_fingerprint,
            "train_idx": self.train_idx.tolist(),
            "test_idx": self.test_idx.tolist(),
        }

    @classmethod
    def from_dict(cls, d: dict, *, label: str = "the file") -> SavedSplit:
        test = np.asarray(d["test_idx"], dtype=np.int64)
        if indices_fingerprint(test) != d["test_fingerprint"]:
            raise ValueError("the saved test clips do not match their fingerprint")
        train = np.asarray(d["train_idx"], dtype=np.int64)
        check_indices(train, test, label)
        if str(d["kind"]) not in SPLIT_KEYS:
            raise ValueError(f"unknown split kind {d['kind']!r}")
        return cls(
            str(d["kind"]), int(d["seed"]), float(d["test_fraction"]), str(d["data_fingerprint"]),
            str(d["test_fingerprint"]), train, test,
        )  # fmt: skip

    def check_range(self, n: int, label: str = "the file") -> None:
        """Raise HarError unless every saved clip index names one of `n` clips."""
        top = max(int(self.train_idx.max(initial=-1)), int(self.test_idx.max(initial=-1)))
        if top >= n:
            raise HarError.of("weights.split_range", name=label, index=top, n=n)

    def summary(self) -> dict:
        """What a person needs to know of the split, JSON-ready (no index lists)."""
        return {k: v for k, v in self.as_dict().items() if not k.endswith("_idx")} | {
            "n_train": len(self.train_idx),
            "n_test": len(self.test_idx),
        }

    def describe(self) -> Message:
        """'the random split (seed 0, 20% test)'."""
        return Message("weights.split", kind=Message(SPLIT_KEYS[self.kind]), seed=self.seed, pct=self.test_fraction)


@dataclass
class WeightsBundle:
    """Trained models rebuilt from a weights file, with what they were trained on."""

    models: dict[str, nn.Module]
    configs: dict[str, dict]  # config_to_dict of each model
    n_frames: int
    n_features: int
    class_names: list[str]
    split: SavedSplit
    info: dict = field(default_factory=dict)  # free JSON-ready notes: data name, train config, accuracy


def save_weights(target, models: dict[str, nn.Module], data: Dataset, split: Split, *, info: dict | None = None):
    """Write `models` (each with a `.config`), trained on `split` of `data`, to a path or a binary file object."""
    header = {
        "configs": {n: config_to_dict(m.config) for n, m in models.items()},
        "n_frames": int(data.t),
        "n_features": int(data.f),
        "class_names": [str(c) for c in data.class_names],
        "split": SavedSplit.of(data, split).as_dict(),
        "info": info or {},
    }
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "header": json.dumps(header),
        "state": {n: {k: v.detach().cpu().clone() for k, v in m.state_dict().items()} for n, m in models.items()},
    }
    if isinstance(target, (str, Path)):
        with replace_atomically(target) as f:  # a failed save keeps the file that was there
            torch.save(payload, f)
    else:
        torch.save(payload, target)
    return target


def check_indices(train: np.ndarray, test: np.ndarray, label: str) -> None:
    """Raise HarError unless the saved clips are 1-D, not negative, each listed once, and no test clip is also a
    training clip: a forged split (a clip repeated, training clips given again as negative indices) is no test."""
    for idx in (train, test):
        if idx.ndim != 1 or (idx.size and int(idx.min()) < 0):
            raise HarError.of("weights.split_forged", name=label)
        if len(np.unique(idx)) != len(idx):
            raise HarError.of("weights.split_forged", name=label)
    if len(test) == 0 or np.isin(test, train).any():
        raise HarError.of("weights.split_forged", name=label)


def weights_bytes(models: dict[str, nn.Module], data: Dataset, split: Split, *, info: dict | None = None) -> bytes:
    """The weights file as bytes, for a download button."""
    buf = io.BytesIO()
    save_weights(buf, models, data, split, info=info)
    return buf.getvalue()


def load_weights(source, *, name: str | None = None) -> WeightsBundle:
    """Read a weights file (path, bytes or file object) and rebuild its models on the CPU.

    The file is `torch.save` of a dict holding only plain tensors and strings (the configs as
    JSON), so `torch.load(weights_only=True)` reads it without running any pickled code; a file
    holding anything else is refused.
    """
    label = name or (Path(source).name if isinstance(source, (str, Path)) else "the uploaded file")
    try:
        raw = _read(source, label)
    except FileNotFoundError:
        raise HarError.of("weights.missing", name=label) from None
    except OSError as e:
        raise HarError.of("weights.unreadable_file", name=label, detail=str(e.strerror)) from None
    if not zipfile.is_zipfile(io.BytesIO(raw)):  # torch.save writes a zip archive
        raise HarError.of("weights.not_torch", name=label)
    try:
        payload = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise HarError.of("weights.pickles", name=label) from None
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile, ValueError) as e:
        raise HarError.of("weights.unreadable", name=label, detail=str(e).splitlines()[0][:120]) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise HarError.of("weights.not_ours", name=label, format=FORMAT)
    if payload.get("version") == 1:  # its split was not saved, so nothing says which clips it trained on
        raise HarError.of("weights.no_split", name=label)
    if payload.get("version") != VERSION:
        raise HarError.of("weights.version", name=label, version=payload.get("version"), expected=VERSION)
    try:
        return _rebuild(payload, label)
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        raise HarError.of(
            "weights.damaged", name=label, detail=f"{type(e).__name__}: {str(e).splitlines()[0][:120]}"
        ) from None


def _read(source, label: str) -> bytes:
    """The file's bytes, refusing one larger than any weights file of this app before reading it."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        check_file_size(path.stat().st_size, label)
        if not path.is_file():  # a FIFO or a device would block the read or never end
            raise HarError.of("weights.unreadable_file", name=label, detail="not a regular file")
        return path.read_bytes()
    raw = source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)
    check_file_size(len(raw), label)
    return raw


def _rebuild(payload: dict, label: str) -> WeightsBundle:
    header = json.loads(payload["header"])
    shape, configs = check_header(header, payload["state"], label)  # before any model takes memory
    split = SavedSplit.from_dict(header["split"], label=label)
    models = {}
    for name, config in configs.items():
        model = build_model(config, **shape)
        model.load_state_dict(payload["state"][name], strict=True)
        models[name] = model.eval()
    return WeightsBundle(
        models,
        header["configs"],
        shape["n_frames"],
        shape["n_features"],
        [str(c) for c in header["class_names"]],
        split,
        header.get("info", {}),
    )


def check_shape(bundle: WeightsBundle, data: Dataset) -> list[Message]:
    """Raise HarError when the models cannot run on `data`; return notes on harmless differences."""
    if data.f != bundle.n_features:
        raise HarError.of("weights.features", expected=bundle.n_features, found=data.f)
    if data.n_classes != len(bundle.class_names):
        raise HarError.of("weights.classes", expected=len(bundle.class_names), found=data.n_classes)
    notebook = any(isinstance(m.config, NotebookCNNConfig) for m in bundle.models.values())
    notes = []
    if data.t != bundle.n_frames:
        if notebook:  # its convolution takes the frames as input channels
            raise HarError.of("weights.frames", expected=bundle.n_frames, found=data.t)
        notes.append(Message("lab.weights.frames", trained=bundle.n_frames, now=data.t))
    if tuple(bundle.class_names) != tuple(data.class_names):
        notes.append(Message("lab.weights.names"))
    return notes


def check_data(bundle: WeightsBundle, data: Dataset) -> None:
    """Raise HarError unless `data` is the data set the models were trained on (same clips, same labels)."""
    check_shape(bundle, data)
    bundle.split.check_range(data.n)
    if fingerprint(data) != bundle.split.data_fingerprint:
        raise HarError.of("weights.other_data", saved=bundle.split.data_fingerprint, loaded=fingerprint(data))


def evaluation_clips(bundle: WeightsBundle, data: Dataset, idx=None, *, allow_overlap: bool = False):
    """(clip indices, how many of them the models trained on) for an evaluation on `data`.

    By default the clips are the test clips of the split the models were trained on. Other clips
    (`idx`) that include training clips are refused unless `allow_overlap`: their score is not a
    test accuracy, and the caller must say so.
    """
    check_data(bundle, data)
    idx = bundle.split.test_idx if idx is None else np.asarray(idx, dtype=np.int64)
    seen = int(np.isin(idx, bundle.split.train_idx).sum())
    if seen and not allow_overlap:
        raise HarError.of("weights.overlap", n=seen, m=len(idx))
    return idx, seen


CLIP_CHOICES = ("test", "split", "all")  # what saved models can be scored on; see named_clips


def named_clips(on: str, data: Dataset, split: Split):
    """The clips `on` names: None for the test clips saved with the weights ("test"), `split`'s test clips
    ("split"), or every clip ("all")."""
    return {"test": None, "split": split.test_idx, "all": np.arange(data.n)}[on]


def not_a_test(seen: int, total: int) -> Message:
    """The loud label of a score measured partly on training clips."""
    return Message("weights.not_test", n=seen, m=total)


def evaluate_weights(bundle: WeightsBundle, data: Dataset, idx=None, *, allow_overlap=False) -> dict:
    """Accuracy, confusion matrix and predictions of each model on clips `idx` (the saved test clips by default).

    `training_clips` counts the evaluated clips the models trained on; when it is not 0 (only with
    `allow_overlap`) `warning` is the Message saying that the score is not a test accuracy; `notes` are
    Messages on harmless differences between the data and what the models were trained on.
    """
    notes = check_shape(bundle, data)
    idx, seen = evaluation_clips(bundle, data, idx, allow_overlap=allow_overlap)
    x = torch.from_numpy(np.ascontiguousarray(data.X[idx]))
    y = data.y[idx]
    out = {
        "n": len(idx),
        "training_clips": seen,
        "test_accuracy": seen == 0,
        "split": bundle.split.summary(),
        "notes": notes,
        "models": {},
    }
    if seen:
        out["warning"] = not_a_test(seen, len(idx))
    for name, model in bundle.models.items():
        pred = predict(model, x).numpy()
        out["models"][name] = {
            "acc": float(np.mean(pred == y)) if len(y) else 0.0,
            "confusion": confusion_matrix(y, pred, data.n_classes).tolist(),
            "pred": pred.tolist(),
        }
    return out
