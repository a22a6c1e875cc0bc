"""The UCF11 download as one background job per data folder and server process: it outlives the page
that started it, and whoever asks while it runs joins it instead of starting a second one. The Data page's
part of it (the button, the progress, the outcome) is dashboard/download.py."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from har.data.download import download, source
from har.errors import HarError
from har.messages import Message
from har.paths import data_dir

# A download's life: running -> finished | failed.
DONE = ("finished", "failed")


class DownloadJob:
    """One download of the store into `dest`, in a thread; read `progress()`, `status` and the error."""

    def __init__(self, dest: Path, url: str | None = None, md5: str | None = None):
        self.dest = Path(dest)
        self.url, self.md5 = source(url, md5)
        self.status = "running"
        self.failure: Message | str | None = None  # why it failed, to render in the reader's language
        self.started = time.time()
        self.ended: float | None = None
        self._bytes: tuple[int, int | None] = (0, None)  # (received, expected or None when unknown)
        self._thread = threading.Thread(target=self._run, name="ucf11-download", daemon=True)

    @property
    def done(self) -> bool:
        return self.status in DONE

    def start(self) -> DownloadJob:
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the download ends; True if it did."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def progress(self) -> tuple[int, int | None]:
        """(bytes received, bytes expected or None while unknown)."""
        return self._bytes

    def _received(self, done: int, total: int | None) -> None:
        self._bytes = (done, total)  # one assignment: readers never see half an update

    def _run(self) -> None:
        try:
            download(self.dest, url=self.url, md5=self.md5, progress=self._received)
        except HarError as e:
            self.failure = e.sentence
            self.status = "failed"
        except Exception as e:  # a bug must not leave the job running for ever in every session's view
            self.failure = HarError.of("crash.download", detail=f"{type(e).__name__}: {e}").sentence
            self.status = "failed"
        else:
            self.status = "finished"
        finally:
            self.ended = time.time()


_lock = threading.Lock()
_jobs: dict[Path, DownloadJob] = {}  # the latest download into each data folder


def start_download(dest=None, *, url: str | None = None, md5: str | None = None) -> DownloadJob:
    """The download running into `dest` (the data folder by default), or a new one when none runs."""
    folder = Path(dest).expanduser() if dest is not None else data_dir()
    with _lock:
        job = _jobs.get(folder)
        if job is None or job.done:
            job = _jobs[folder] = DownloadJob(folder, url, md5).start()
        return job


def running_download(dest=None) -> DownloadJob | None:
    """The download running into `dest` now, if any."""
    folder = Path(dest).expanduser() if dest is not None else data_dir()
    with _lock:
        job = _jobs.get(folder)
    return job if job is not None and not job.done else None
