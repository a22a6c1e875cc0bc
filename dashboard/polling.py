"""How a page follows a background job cheaply: a small fragment polls the job's status and asks for one
page rerun only when there is something new to draw; the page draws the figures in that rerun.

Every poll of every open page is a script run on the one server process a class shares: a poll that
re-sent the figures each time would cost every student's tab that much CPU, whether or not an epoch
had arrived. A job waiting in line polls slowly: nothing moves for it but its place in line.
"""

from __future__ import annotations

import time

POLL_SECONDS = 0.7  # a running job: the status line and progress bar follow it this closely
QUEUED_POLL_SECONDS = 3.0  # a job waiting in line: only its place in line changes
# Figures are redrawn at most this often while a job runs (and once when it ends). Each redraw costs every
# watching browser a render of both figures: over a default race in Chromium (its Performance metrics), one tab's
# main thread was busy 10.8 s at a redraw every 1.5 s and 7.5 s at 3 s. The lecturer's browser shares the laptop
# with the training it draws; the curves still move every few seconds of a race of twenty.
REDRAW_SECONDS = 3.0


def poll_every(job, drawn: Drawn | None = None) -> float | None:
    """The fragment's polling interval for `job` (None: no polling, the job is absent or the page has its end).

    A job that ended is left alone only once `drawn`, the drawing this fragment belongs to, is its final one
    with the result filed. A job that ends between the drawing and the fragment (or a final drawing cut short,
    or its rerun lost while the browser is starved) keeps the poll alive: the next poll draws the end.
    """
    if job is None:
        return None
    if job.done:
        final = drawn is None or (drawn.done and job.collected)
        return None if final else POLL_SECONDS
    return QUEUED_POLL_SECONDS if job.status == "queued" else POLL_SECONDS


class Drawn:
    """What the last full run drew of a job: its status, how far it had got, and when."""

    def __init__(self, job, progress):
        self.status = job.status
        self.done = job.done  # the figures drawn then were the final ones
        self.progress = progress  # e.g. epochs per model, or studies finished: changes when figures would
        self.at = time.monotonic()
        self.runs = 0  # of the polling fragment for this drawing: its first inside the full run, then its polls
        self.end_shown = False  # a poll of this drawing has drawn the job's end (see rerun_now)

    def stale(self, job, progress) -> bool:
        """Whether the page should be drawn again: the job ended since the figures were drawn (or nobody has
        filed its result yet), it changed status, or new results arrived at least REDRAW_SECONDS after the
        last drawing. A full run cut short by a rerun may have filed the result without drawing it: the
        figures are then still those of the drawing this fragment belongs to, so that is what counts."""
        if job.done:
            return not self.done or not job.collected
        if job.status != self.status:
            return True
        return progress != self.progress and time.monotonic() - self.at >= REDRAW_SECONDS

    def rerun_now(self, job, progress) -> bool:
        """Whether this run of the polling fragment should ask for the page's rerun: the page is `stale`, unless
        this is the poll that first sees the job's end. That poll only draws the end, leaving the rerun to the next:
        a rerun asked for at once starts before the server has sent what the poll drew (a new run drops the
        session's unsent messages), so the end line would wait for the whole page to be drawn again, 3-10 s with
        thirty pages rerun together when one shared training ends. The fragment's first run, inside the full run
        that made this drawing, is not a poll: it asks at once, as the full run's drawing is redone anyway."""
        self.runs += 1
        if not self.stale(job, progress):
            return False
        if job.done and not self.done and self.runs > 1 and not self.end_shown:
            self.end_shown = True
            return False
        return True
