"""What a fresh server loads in the background once its first page is drawn: torch (and whether CUDA is
here, for the device list), the training engine, the lab and the figure code, so that the first page
does not wait for them and the pages students open next find them loaded; and the training workers (each
importing torch) with the page's data set shared, so the lecturer's first click on Train both starts at once."""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()
_thread: threading.Thread | None = None
_cuda: bool | None = None  # None until the background thread has asked torch


RACE_WORKERS = 2  # one worker per model of a race


def start(data=None) -> None:
    """Start the warm-up once per server process (later calls do nothing); `data`: the data set the first page
    uses, handed to the workers ahead of the first training."""
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_warm, args=(data,), name="warm-up", daemon=True)
            _thread.start()


def cuda_available(wait: bool = False) -> bool | None:
    """Whether torch sees a CUDA device; None while the warm-up has not found out yet, unless `wait`."""
    if wait:
        start()
        _thread.join()
    return _cuda


def _warm(data) -> None:
    global _cuda
    import torch

    _cuda = bool(torch.cuda.is_available())
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    import dashboard.server  # noqa: F401  (the engine, the server's training line)
    import har.lab.job  # noqa: F401  (the studies)
    from har.configs import RNNConfig
    from har.params import count_params

    count_params(RNNConfig())  # torch's meta device, as the Models and Train pages use it
    # plotly loads each trace type's validators on first use: the Train page's subplots, heatmaps, bars
    make_subplots(rows=1, cols=2).add_trace(go.Scatter(y=[0]), row=1, col=1)
    go.Figure([go.Heatmap(z=[[0]]), go.Bar(y=[0])]).to_json()
    from dashboard.server import LIMITER
    from har import backends

    if not os.environ.get(backends.RAY_ENV, "").strip():  # a cluster's workers are the cluster's
        backends.pool().warm(min(RACE_WORKERS, LIMITER.slots), data)
