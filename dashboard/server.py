"""What one server shares among all its sessions: its training line, at most HAR_MAX_TRAININGS trainings at once
(default: one per core), each with `cores // slots` torch threads and its share of the memory (har.guard), so one
session's oversized model cannot take the others down."""

from __future__ import annotations

import logging
import os

from har.guard import trainings_that_fit
from har.i18n import t
from har.jobs import TrainingLimiter, check_log, cores

LIMIT_ENV = "HAR_MAX_TRAININGS"
log = logging.getLogger("har.server")


def limit_from_env() -> int:
    """HAR_MAX_TRAININGS as a slot count: one per core when it is unset or not a whole number, at least 1, and
    never more trainings than the free memory holds at once (each would be refused for memory), said in one line."""
    value = os.environ.get(LIMIT_ENV, "")
    try:
        asked = max(1, int(value)) if value.strip() else cores()
    except ValueError:
        return cores()
    fit = trainings_that_fit()
    if asked > fit:
        log.warning(t("server.too_many_trainings", env=LIMIT_ENV, asked=value.strip(), fit=fit))
        return fit
    return asked


def warn_settings() -> None:
    """One line in the server's log for each operator setting that cannot work as given."""
    problem = check_log()
    if problem is not None:
        log.warning(str(problem))


# One process serves every session, so all of them wait in this one line (pages pass it to each job they start).
LIMITER = TrainingLimiter(limit_from_env())
warn_settings()
