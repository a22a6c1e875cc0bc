"""Keep the models: trained weights with their configs and data shape in one file, loaded safely."""

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

from har.data.dataset import Dataset
from har.errors import HarError
from har.i18n import t
from har.metrics import confusion_matrix
from har.models import NotebookCNNConfig, build_model
from har.paths import replace_atomically
from har.presets import config_from_dict, config_to_dict
from har.train import predict

FORMAT, VERSION = "har-weights", 1


@dataclass
class WeightsBundle:
    """Trained models rebuilt from a weights file, with what they were trained on."""

    models: dict[str, nn.Module]
    configs: dict[str, dict]  # config_to_dict of each model
    n_frames: int
    n_features: int
    class_names: list[str]
    info: dict = field(default_factory=dict)  # free JSON-ready notes: data name, train config, accuracy


def save_weights(target, models: dict[str, nn.Module], data: Dataset, *, info: dict | None = None):
    """Write `models` (each with a `.config`), trained on `data`, to a path or a binary file object."""
    header = {
        "configs": {n: config_to_dict(m.config) for n, m in models.items()},
        "n_frames": int(data.t),
        "n_features": int(data.f),
        "class_names": [str(c) for c in data.class_names],
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


def weights_bytes(models: dict[str, nn.Module], data: Dataset, *, info: dict | None = None) -> bytes:
    """The weights file as bytes, for a download button."""
    buf = io.BytesIO()
    save_weights(buf, models, data, info=info)
    return buf.getvalue()


def load_weights(source, *, name: str | None = None) -> WeightsBundle:
    """Read a weights file (path, bytes or file object) and rebuild its models on the CPU.

    The file is `torch.save` of a dict holding only plain tensors and strings (the configs as
    JSON), so `torch.load(weights_only=True)` reads it without running any pickled code; a file
    holding anything else is refused.
    """
    label = name or (Path(source).name if isinstance(source, (str, Path)) else "the uploaded file")
    try:
        raw = (
            Path(source).read_bytes()
            if isinstance(source, (str, Path))
            else source
            if isinstance(source, bytes)
            else source.read()
        )
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
    if payload.get("version") != VERSION:
        raise HarError.of("weights.version", name=label, version=payload.get("version"), expected=VERSION)
    try:
        return _rebuild(payload)
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        raise HarError.of(
            "weights.damaged", name=label, detail=f"{type(e).__name__}: {str(e).splitlines()[0][:120]}"
        ) from None


def _rebuild(payload: dict) -> WeightsBundle:
    header = json.loads(payload["header"])
    shape = dict(
        n_frames=int(header["n_frames"]), n_features=int(header["n_features"]), n_classes=len(header["class_names"])
    )
    models = {}
    for name, d in header["configs"].items():
        model = build_model(config_from_dict(d), **shape)
        model.load_state_dict(payload["state"][name], strict=True)
        models[name] = model.eval()
    return WeightsBundle(
        models,
        header["configs"],
        shape["n_frames"],
        shape["n_features"],
        list(header["class_names"]),
        header.get("info", {}),
    )


def check_shape(bundle: WeightsBundle, data: Dataset, lang: str = "en") -> list[str]:
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
        notes.append(t("lab.weights.frames", lang, trained=bundle.n_frames, now=data.t))
    if tuple(bundle.class_names) != tuple(data.class_names):
        notes.append(t("lab.weights.names", lang))
    return notes


def evaluate_weights(bundle: WeightsBundle, data: Dataset, idx=None, lang: str = "en") -> dict:
    """Accuracy, confusion matrix and predictions of each model on clips `idx` (all by default)."""
    notes = check_shape(bundle, data, lang)
    idx = np.arange(data.n) if idx is None else np.asarray(idx, dtype=np.int64)
    x = torch.from_numpy(np.ascontiguousarray(data.X[idx]))
    y = data.y[idx]
    out = {"n": len(idx), "notes": notes, "models": {}}
    for name, model in bundle.models.items():
        pred = predict(model, x).numpy()
        out["models"][name] = {
            "acc": float(np.mean(pred == y)) if len(y) else 0.0,
            "confusion": confusion_matrix(y, pred, data.n_classes).tolist(),
            "pred": pred.tolist(),
        }
    return out
