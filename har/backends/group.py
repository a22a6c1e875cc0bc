"""Several runs read as one stream: what a training of two models and a lab study use to drive their runs,
whichever backend trains them."""

from __future__ import annotations

import queue
from collections.abc import Iterator

from har.backends.local import Run
from har.backends.unit import End, Epoch, Unit

POLL_S = 0.1  # how often a reader waiting for remote runs looks at its stop flag


class RunGroup:
    """Runs of one backend on one data set whose events arrive in one queue. Setting `stop` (any object
    with `is_set()`, such as a threading.Event) stops every run of the group, also those submitted later."""

    def __init__(self, backend, data, stop=None):
        self.backend, self.data, self.stop = backend, data, stop
        self.queue: queue.Queue = queue.Queue()
        self.open: list[Run] = []
        self.stopped = False

    def submit(self, unit: Unit) -> Run:
        run = self.backend.submit(self.data, unit, self.queue, self.stop)
        self.open.append(run)
        if self.stopped:
            run.stop()
        return run

    def stop_all(self) -> None:
        self.stopped = True
        for run in list(self.open):
            run.stop()

    def events(self) -> Iterator[tuple[Run, Epoch | End]]:
        """(run, event) as each arrives until every run has sent its End; a run may be submitted while
        reading. Leaving early (an error, Ctrl-C) stops the runs still open."""
        try:
            while self.open:
                if not self.stopped and self.stop is not None and self.stop.is_set():
                    self.stop_all()
                if self.queue.empty():
                    self._step_inline()
                try:
                    run, event = self.queue.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if isinstance(event, End):
                    self.open.remove(run)
                yield run, event
        finally:
            if self.open:
                self.stop_all()  # they end on their own within a batch; nobody reads them any more

    def _step_inline(self) -> None:
        """Train the first open inline run up to its next event, then send it to the back of the line,
        so inline runs take turns one event each, as fit_pair's models do."""
        run = next((r for r in self.open if r.inline), None)
        if run is not None:
            self.open.remove(run)
            self.open.append(run)
            run.step()
