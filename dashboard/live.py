"""The figures of a running training, rebuilt only when an epoch has been added, and once for every page that
shows the same setup (following its training, or served its run from the store).

Most polls of the Train page fall between two epochs: reusing the figures keeps the page's cost small. On one
shared link thirty students follow one training (the run store's "one setup trains once"): building its figures
(about 25 ms each) once per epoch for all of them, not once per student, keeps the server's own CPU per student
small. A figure is never changed once built (dashboard.charts copies before it enlarges or relabels), so one
object can serve every session.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import MutableMapping

from dashboard import state
from har import plots
from har.jobs import TrainingJob

SHARED_MAX = 64  # figure pairs kept for every session: a class's trainings at a few epochs each, in each language
_shared: OrderedDict[tuple, tuple] = OrderedDict()
_lock = threading.Lock()


def live_figures(ss: MutableMapping, job: TrainingJob, lang: str, dark: bool = False):
    """(training curves, confusion matrices or None before the first epoch) of `job`, in `lang`, for a dark
    page when `dark`."""
    # by content: every page of one setup (following its training, or served its run under an id of its own) draws
    # the same numbers, so the same figures
    key = (getattr(job, "key", None) or job.id, job.epoch_counts(), lang, dark)
    cached = ss.get(state.LIVE_FIGURES)
    if cached is None or cached[0] != key:
        cached = ss[state.LIVE_FIGURES] = (key, *shared_figures(job, key, lang, dark))
    return cached[1:]


def shared_figures(job: TrainingJob, key: tuple, lang: str, dark: bool) -> tuple:
    with _lock:
        found = _shared.get(key)
        if found is not None:
            _shared.move_to_end(key)
            return found
    record = job.snapshot()  # may hold an epoch more than `key` says: then the next poll's key finds it
    has_confusion = any(m.confusion is not None for m in record.models.values())
    curves = plots.training_curves(record, lang, dark=dark)
    confusion = plots.confusion_matrices(record, False, lang, dark=dark) if has_confusion else None
    with _lock:
        _shared[key] = (curves, confusion)
        while len(_shared) > SHARED_MAX:
            _shared.popitem(last=False)
    return curves, confusion
