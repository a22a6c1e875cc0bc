"""The figures of a running training, rebuilt only when an epoch has been added.

Most polls of the Train page fall between two epochs: reusing the figures keeps the page's cost small.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from dashboard import state
from har import plots
from har.jobs import TrainingJob


def live_figures(ss: MutableMapping, job: TrainingJob, lang: str, dark: bool = False):
    """(training curves, confusion matrices or None before the first epoch) of `job`, in `lang`, for a dark
    page when `dark`."""
    key = (job.id, job.epoch_counts(), lang, dark)
    cached = ss.get(state.LIVE_FIGURES)
    if cached is None or cached[0] != key:
        record = job.snapshot()
        has_confusion = any(m.confusion is not None for m in record.models.values())
        curves = plots.training_curves(record, lang, dark=dark)
        confusion = plots.confusion_matrices(record, False, lang, dark=dark) if has_confusion else None
        cached = ss[state.LIVE_FIGURES] = (key, curves, confusion)
    return cached[1:]
