"""Records written by earlier versions, brought up to the current layout before they are checked, one version
at a time.

Version 1 (every record written before the typed record) kept the model configs under `config.models`, each
model's last predictions as `test_pred` and only its last confusion matrix; it had no class probabilities and no
status per model. A migration only moves what is there: har.runs.check judges the result."""

from __future__ import annotations

from har.errors import HarError


def migrate(d: dict, current: int) -> dict:
    """`d` in the layout of version `current`; a version this app does not know is refused in one sentence."""
    version = d.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in {*MIGRATIONS, current}:
        raise HarError.of("run.version", version=version, expected=current)
    while version != current:
        d = MIGRATIONS[version](d)
        version = d["version"]
    return d


def from_v1(d: dict) -> dict:
    """Version 1 -> 2: model configs move into each model, `test_pred` becomes `predictions`, the last confusion
    matrix becomes the last of the per-epoch ones, and each model takes the run's status."""
    config = d.get("config")
    configs = config.get("models") if isinstance(config, dict) else None
    models = d.get("models")
    if isinstance(models, dict):
        models = {name: _model_v1(m, name, configs, d.get("status")) for name, m in models.items()}
    if isinstance(config, dict):
        config = {k: v for k, v in config.items() if k != "models"}
    return {**d, "version": 2, "config": config, "models": models}


def _model_v1(m, name, configs, status) -> object:
    if not isinstance(m, dict):
        return m  # the check says what is wrong with it
    history = m.get("history")
    n = len(history) if isinstance(history, list) else 0
    confusion = m.get("confusion")
    out = {k: v for k, v in m.items() if k not in ("test_pred", "confusion")}
    out |= {"status": status, "predictions": m.get("test_pred") or [], "test_prob": None}
    out["confusions"] = [None] * (n - 1) + [confusion] if confusion is not None and n else [None] * n
    if isinstance(configs, dict) and name in configs:
        out["config"] = configs[name]
    return out


def from_v2(d: dict) -> dict:
    """Version 2 -> 3: each epoch gains `fit_loss` and `fit_acc`, the running figures of the epoch, as None: in
    version 2 `train_loss` and `train_acc` were those running figures, and nothing measured the training clips in
    eval mode (EpochScores.train_in_eval is False)."""
    models = d.get("models")
    if isinstance(models, dict):
        models = {name: _model_v2(m) for name, m in models.items()}
    return {**d, "version": 3, "models": models}


def _model_v2(m) -> object:
    history = m.get("history") if isinstance(m, dict) else None
    if not isinstance(history, list):
        return m  # the check says what is wrong with it
    epochs = [{**h, "fit_loss": None, "fit_acc": None} if isinstance(h, dict) else h for h in history]
    return {**m, "history": epochs}


MIGRATIONS = {1: from_v1, 2: from_v2}  # version -> the function that brings it one version up
