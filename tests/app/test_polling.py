"""How a page follows a job: a queued job polls slowly, the figures are redrawn only when something new
arrived (at most every REDRAW_SECONDS), and a job that ended is drawn once more."""

from __future__ import annotations

import pytest

from dashboard import polling
from dashboard.polling import Drawn, poll_every


class Job:
    def __init__(self, status="queued", collected=False):
        self.status, self.collected = status, collected

    @property
    def done(self):
        return self.status in ("finished", "stopped", "diverged", "failed")


def test_a_queued_job_polls_slower_than_a_running_one_and_an_ended_one_not_at_all():
    assert poll_every(Job("queued")) == polling.QUEUED_POLL_SECONDS > polling.POLL_SECONDS
    assert poll_every(Job("running")) == polling.POLL_SECONDS
    assert poll_every(Job("finished")) is None and poll_every(None) is None


def test_figures_are_redrawn_only_when_an_epoch_arrived(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(polling.time, "monotonic", lambda: clock[0])
    job = Job("running")
    drawn = Drawn(job, (1, 1))
    clock[0] += 10
    assert not drawn.stale(job, (1, 1))  # nothing new however long it waits
    assert drawn.stale(job, (2, 1))


def test_new_epochs_wait_for_the_redraw_interval_but_a_status_change_does_not(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(polling.time, "monotonic", lambda: clock[0])
    job = Job("running")
    drawn = Drawn(job, (1, 1))
    clock[0] += polling.REDRAW_SECONDS / 2
    assert not drawn.stale(job, (2, 1))
    clock[0] += polling.REDRAW_SECONDS / 2
    assert drawn.stale(job, (2, 1))
    queued = Drawn(Job("queued"), (0, 0))
    assert queued.stale(Job("running"), (0, 0))  # it got a slot: poll at the running pace from now on


@pytest.mark.parametrize("status", ["finished", "stopped", "failed"])
def test_an_ended_job_is_drawn_once_more_then_left_alone(status):
    drawn = Drawn(Job("running"), (3, 3))
    assert drawn.stale(Job(status, collected=False), (3, 3))
    final = Drawn(Job(status, collected=True), (3, 3))  # the full run that filed it drew its final figures
    assert not final.stale(Job(status, collected=True), (3, 3))


def test_a_result_filed_by_a_run_that_was_cut_short_is_still_drawn():
    """A full run can file the result (its sidebar runs first) and be replaced by a rerun before it draws the
    figures; the fragment left on the page then belongs to the drawing made while the job ran."""
    while_running = Drawn(Job("running"), (2, 3))
    assert while_running.stale(Job("finished", collected=True), (3, 3))


def test_a_job_that_ends_after_the_drawing_keeps_the_poll_alive_until_its_end_is_drawn():
    """The job ends between the drawing (Drawn) and the fragment that polls for it: a fragment declared without
    polling then would never show the end if the one rerun it asks for is cut short or lost."""
    running = Drawn(Job("running"), (2, 3))
    ended = Job("finished", collected=False)
    assert poll_every(ended, running) == polling.POLL_SECONDS
    ended.collected = True  # filed, but the figures on the page are still those of the running job
    assert poll_every(ended, running) == polling.POLL_SECONDS
    final = Drawn(ended, (3, 3))
    assert poll_every(ended, final) is None  # this drawing is the end: nothing left to poll for
    assert poll_every(Job("finished", collected=False), Drawn(Job("finished"), (3, 3))) == polling.POLL_SECONDS


def test_the_poll_that_first_sees_the_end_draws_it_and_the_next_reruns_the_page():
    """A page rerun asked for by the poll that drew the end would drop that drawing before the server sent it
    (a new run clears the session's unsent messages): the end line would then wait for the whole page."""
    running = Drawn(Job("running"), (2, 3))
    assert not running.rerun_now(Job("running"), (2, 3))  # the full run's own: nothing new
    ended = Job("finished", collected=False)
    assert not running.rerun_now(ended, (3, 3))  # the first poll to see the end: the end line only
    assert running.rerun_now(ended, (3, 3))  # the next: the page's rerun
    assert running.rerun_now(ended, (3, 3))  # and every poll after it until a drawing of the end
    ended.collected = True  # that rerun filed the run and drew the end
    final = Drawn(ended, (3, 3))
    assert not final.rerun_now(ended, (3, 3)) and not final.rerun_now(ended, (3, 3))  # its own run, then a poll


def test_a_job_that_ends_during_the_full_run_reruns_the_page_at_once():
    """The fragment's first run is part of the full run that drew the page, not a poll: its drawing is redone by
    the rerun anyway, so a job that ended while the page was drawn asks for it at once."""
    drawn = Drawn(Job("running"), (2, 3))
    assert drawn.rerun_now(Job("finished", collected=False), (3, 3))
