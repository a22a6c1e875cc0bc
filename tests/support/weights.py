"""Forged weights files: a real file's payload with its header (or tensors) edited, saved the way torch saves."""

from __future__ import annotations

import io
import json

import torch

from har.data import make_split
from har.weights import weights_bytes
from support.data import tiny_models


def forged(data, edit_header=None, edit_state=None) -> bytes:
    """A weights file of the tiny pair on `data` whose header dict went through `edit_header` (and state through
    `edit_state`), both edited in place."""
    raw = weights_bytes(tiny_models(data), data, make_split(data, "random", seed=0))
    payload = torch.load(io.BytesIO(raw), weights_only=True)
    header = json.loads(payload["header"])
    if edit_header:
        edit_header(header)
    if edit_state:
        edit_state(payload["state"])
    payload["header"] = json.dumps(header)
    buf = io.BytesIO()
    torch.save(payload, buf)
    return buf.getvalue()


def big_hidden(header, hidden: int = 4000) -> None:
    """The header says the GRU has `hidden` units; the tensors are still those of 4."""
    header["configs"]["rnn"]["hidden"] = hidden
