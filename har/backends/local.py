"""The run every backend hands out, and the simplest backend: trainings in this process, in the thread
that reads their epochs (as a one-off command, or a test, trains)."""

from __future__ import annotations

import queue
import threading

from har.backends.unit import Epoch, Feed, Unit, Weights, train_unit


class Run:
    """One unit submitted to a backend. Its events (an Epoch per finished epoch, then exactly one End)
    go to the queue given at submission as (run, event) pairs. `stop()` ends it within a batch."""

    inline = False  # True: nothing trains until the reader asks for the next event (see InlineRun)

    def __init__(self, unit: Unit, events: queue.Queue):
        self.unit, self.events = unit, events
        self.feed = Feed(unit)
        self.stopping = False

    def stop(self) -> None:
        self.stopping = True
        self._stop()

    def _stop(self) -> None:
        raise NotImplementedError

    def _pass(self, event: Epoch | Weights) -> None:
        passed = self.feed.take(event)
        if passed is not None:
            self.events.put((self, passed))

    def _end(self, error: BaseException | None = None) -> None:
        self.events.put((self, self.feed.end(error)))


class Either:
    """Set when either of two stop flags is (the run's own, or its caller's)."""

    def __init__(self, own: threading.Event, other=None):
        self.own, self.other = own, other

    def is_set(self) -> bool:
        return self.own.is_set() or (self.other is not None and self.other.is_set())


class InlineRun(Run):
    """A unit trained here, one epoch each time the reader calls `step()`: no thread, no copy of the
    clips, and a stop set by the reader is seen at the very next batch."""

    inline = True

    def __init__(self, data, unit: Unit, events: queue.Queue, stop=None):
        super().__init__(unit, events)
        self.stop_event = threading.Event()
        self._source = train_unit(data.X, data.y, data.shape, unit, Either(self.stop_event, stop))

    def _stop(self) -> None:
        self.stop_event.set()

    def step(self) -> None:
        """Train until the next event and put it in the queue (the End when the unit is over)."""
        try:
            while True:
                event = next(self._source)
                if self.feed.take(event) is not None:
                    self.events.put((self, event))
                    return
        except StopIteration:
            self._end()
        except Exception as error:
            self._end(error)


class InProcess:
    """Trainings in this process, in the thread that reads them: nothing to start, nothing to share."""

    name = "this process"
    fan_out = False  # a study's members go one after another, on the slot it holds

    def submit(self, data, unit: Unit, events: queue.Queue, stop=None) -> InlineRun:
        """`stop`: the caller's own stop flag, checked between batches besides the run's."""
        return InlineRun(data, unit, events, stop)
