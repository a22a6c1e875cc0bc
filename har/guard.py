"""Resource checks before training: refuse, in one sentence, a model too large for this machine's memory."""

from __future__ import annotations

import os
from collections.abc import Mapping

from har.configs import CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig
from har.errors import HarError
from har.params import count_params

FLOAT = 4  # bytes per float32
# weights 4 + gradients 4 + Adam's two moments 8 + 4 for the optimizer's temporaries while it steps
BYTES_PER_PARAM = 20
RUNTIME = 256 * 2**20  # what torch itself takes on the first training step (kernels, thread pools)
LIMIT_ENV = "HAR_MEMORY_LIMIT_MB"  # caps the memory one training may use, e.g. on a shared server
SHARE = 0.8  # of the free memory, when no limit is set


def _shape(shape) -> tuple[int, int, int]:
    """(n_frames, n_features, n_classes) from a 3-tuple or a mapping with those keys."""
    if isinstance(shape, Mapping):
        return int(shape["n_frames"]), int(shape["n_features"]), int(shape["n_classes"])
    t, f, c = shape
    return int(t), int(f), int(c)


def activation_floats(config: ModelConfig, t: int, f: int, batch_size: int) -> int:
    """Floats the forward pass keeps for the backward pass, for one batch (an upper bound).

    Per-step factors were measured with autograd's saved-tensor hooks on the CPU: a GRU keeps
    at most about 11 floats per unit, direction, layer and frame; a conv layer at most 2.5 per
    filter and frame. The input, its normalised copy and its transpose come on top.
    """
    b = batch_size
    floats = 3 * b * t * f
    if isinstance(config, RNNConfig):
        directions = 2 if config.bidirectional else 1
        floats += 12 * b * t * config.hidden * directions * config.layers
    elif isinstance(config, CNNConfig):
        floats += 4 * b * (t + config.kernel_size) * sum(config.widths)
    elif isinstance(config, NotebookCNNConfig):
        floats += 4 * b * 10 * f + 4 * b * (f + 1024 + 128)  # 10 filters over the features, the dense head
    else:
        raise ValueError(f"unknown model config {config!r}")
    return floats


def estimate_memory(config: ModelConfig, shape, batch_size: int) -> int:
    """Bytes needed to train `config` on clips of `shape` (frames, features, classes) in batches of `batch_size`.

    Weights, gradients and Adam's state per parameter, plus the activations twice (kept for the
    backward pass, and their gradients during it), plus torch's own working memory.
    """
    t, f, c = _shape(shape)
    params = count_params(config, n_frames=t, n_features=f, n_classes=c)
    return BYTES_PER_PARAM * params + 2 * FLOAT * activation_floats(config, t, f, batch_size) + RUNTIME


def available_memory() -> int:
    """Bytes one training may use: HAR_MEMORY_LIMIT_MB if set, else SHARE of the memory free now.

    "Free now" is the kernel's MemAvailable (free plus reclaimable caches), else the physical
    pages sysconf reports as available; the rest of SHARE is left for the data, the app and the system.
    """
    limit = os.environ.get(LIMIT_ENV, "").strip()
    if limit:
        try:
            return int(float(limit) * 2**20)
        except ValueError:
            raise HarError.of("guard.bad_limit", env=LIMIT_ENV, limit=limit) from None
    return int(SHARE * _free_memory())


def _free_memory() -> int:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024  # the kernel counts in kB
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # no sysconf on this platform: do not guess
        return 2**62


def check_fits(config, shape, batch_size: int, available: int | None = None) -> None:
    """Raise a HarError when training `config` would need more memory than `available` bytes.

    A GRU of hidden 4096 x 4 layers has about a billion parameters; with their gradients and
    Adam's two moments that is some 20 GB. Training it would end in an out-of-memory kill, and on
    a shared classroom server it would take the other sessions down with it. The estimate counts
    host memory (the CPU training this project runs on), from parameter counts made on the meta
    device, so checking uses no memory.

    `config` is one model config, or a mapping name -> config of models trained side by side
    (as `fit_pair` does: all of them and their optimizers are in memory at once).
    """
    configs = dict(config) if isinstance(config, Mapping) else {config.family: config}
    available = available_memory() if available is None else int(available)
    t, f, c = _shape(shape)
    needs = {name: estimate_memory(cfg, (t, f, c), batch_size) for name, cfg in configs.items()}
    total = sum(needs.values()) - RUNTIME * (len(needs) - 1)  # one torch runtime for all of them
    if total <= available:
        return
    name = max(needs, key=needs.get)
    params = count_params(configs[name], n_frames=t, n_features=f, n_classes=c)
    raise HarError.of(
        "guard.too_large",
        total=_gb(total),
        available=_gb(available),
        model=name.upper(),
        params=params,
        need=_gb(needs[name]),
        batch=batch_size,
    )


def _gb(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def trainings_that_fit(need: int | None = None) -> int:
    """How many trainings of `need` bytes each (default: the course notebook's pair, batch 32, on UCF11's shape)
    this machine's free memory holds at once, at least 1: the cap on a server's training slots."""
    if need is None:
        models = {"rnn": RNNConfig(), "cnn": CNNConfig()}
        need = sum(estimate_memory(m, (10, 1024, 11), 32) for m in models.values()) - RUNTIME
    return max(1, int(SHARE * _free_memory()) // max(1, need))
