"""Who may do what on the class board: a per-session publishing rate, and the lecturer key (HAR_BOARD_ADMIN)
that the clear, new-board and export controls need in the app."""

from __future__ import annotations

import hmac
import math
import os

from har.errors import HarError

RATE_MAX = 5  # publishes a session may make ...
RATE_WINDOW_S = 60.0  # ... within this many seconds
ADMIN_ENV = "HAR_BOARD_ADMIN"


def check_rate(times: list[float], now: float, *, most: int | None = None, window: float | None = None) -> list[float]:
    """The publish times still inside the window; raises one sentence if a session has used them all.

    `most` and `window` default to RATE_MAX and RATE_WINDOW_S as they are when called."""
    most = RATE_MAX if most is None else most
    window = RATE_WINDOW_S if window is None else window
    recent = [t for t in times if now - t < window]
    if len(recent) >= most:
        wait = max(1, math.ceil(window - (now - min(recent))))
        raise HarError.of("board.rate", most=most, window=int(window), seconds=wait)
    return recent


def lecturer_key() -> str:
    """The key the server set in HAR_BOARD_ADMIN; "" when it set none (then the app shows no lecturer controls)."""
    return os.environ.get(ADMIN_ENV, "").strip()


def is_lecturer(given: str | None) -> bool:
    """Whether `given` is the server's lecturer key (compared in constant time; never true without a key)."""
    key = lecturer_key()
    return bool(key) and given is not None and hmac.compare_digest(given.encode(), key.encode())
