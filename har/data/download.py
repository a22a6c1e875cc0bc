"""Download the course's UCF11 feature store into the data folder; a failed or interrupted download never
replaces or damages a store that is already there."""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from har.errors import HarError
from har.paths import data_dir

URL = "https://cloud.xibalba.com.mx/s/apYrNA4iM4K65o7/download"
MD5 = "c8a82454f9ec092d00bcd99c849e03fd"
SIZE = 53_436_566  # bytes of ucf11.zarr.tar.gz
ARCHIVE = "ucf11.zarr.tar.gz"
STORE = "ucf11.zarr"
PART = ARCHIVE + ".part"
WORK_PREFIX = ".ucf11-download-"  # temporary extraction folders inside the destination
CHUNK = 1 << 16
SCHEMES = ("http", "https", "file")

Progress = Callable[[int, "int | None"], None]


def source(url: str | None = None, md5: str | None = None) -> tuple[str, str]:
    """The URL and md5 to use: arguments win over HAR_UCF11_URL / HAR_UCF11_MD5, which win over the course's."""
    url = url or os.environ.get("HAR_UCF11_URL") or URL
    md5 = (md5 or os.environ.get("HAR_UCF11_MD5") or MD5).strip().lower()
    return url, md5


def store_ready(store: Path) -> bool:
    """Whether `store` looks like a complete zarr v2 group (a download ends with the rename of one)."""
    return (Path(store) / ".zgroup").is_file()


def download(
    dest_dir=None,
    *,
    url: str | None = None,
    md5: str | None = None,
    progress: Progress | None = None,
    timeout: float = 30,
    force: bool = False,
) -> Path:
    """Fetch, check and install the UCF11 store at `dest_dir/ucf11.zarr`; return its path.

    Stream to a `.part` file, check the md5, extract into a temporary folder with tarfile's `data`
    filter, check the store loads, and only then rename it into place. A store already there is
    returned as it is unless `force`. Every failure raises one HarError; temporary files are
    removed and the store that was there before stays untouched.
    """
    dest = Path(dest_dir).expanduser() if dest_dir is not None else data_dir()
    store = dest / STORE
    if store_ready(store) and not force:
        return store
    url, md5 = source(url, md5)
    if urllib.parse.urlsplit(url).scheme not in SCHEMES:
        raise HarError.of("download.bad_url", url=url)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HarError.of("download.cannot_create", dest=str(dest), detail=str(e.strerror)) from None
    try:
        with _locked(dest):
            _remove_leftovers(dest)
            _download_into(dest, url, md5, progress, timeout)
    except OSError as e:  # the failures of reading the network and the archive are HarErrors already
        raise HarError.of("download.cannot_write", dest=str(dest), detail=str(e.strerror or e)) from None
    return store


def _download_into(dest: Path, url: str, md5: str, progress: Progress | None, timeout: float) -> None:
    part = dest / PART
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=dest))
    try:
        digest = _fetch(url, part, progress, timeout)
        if digest != md5:
            raise HarError.of("download.md5", digest=digest, md5=md5)
        found = _extract(part, work)
        _check_store(found)
        _install(found, dest / STORE)
    finally:
        part.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _locked(dest: Path):
    """Hold an exclusive lock on the destination folder so two downloads never share a `.part` file."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: go on without
        yield
        return
    fd = os.open(dest, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise HarError.of("download.busy", dest=str(dest)) from None
        yield
    finally:
        os.close(fd)  # also releases the lock


def _remove_leftovers(dest: Path) -> None:
    """Drop what a killed download left behind; under the lock nobody else is using it.

    A run killed between the two renames of `_install` left the old store set aside: put it back.
    """
    (dest / PART).unlink(missing_ok=True)
    for old in dest.glob(WORK_PREFIX + "*"):
        previous = old / "previous"
        if previous.is_dir() and not (dest / STORE).exists():
            os.replace(previous, dest / STORE)
        shutil.rmtree(old, ignore_errors=True)


def _fetch(url: str, part: Path, progress: Progress | None, timeout: float) -> str:
    """Stream `url` into `part`, calling progress(done, total); return the md5 of what arrived."""
    md5, done = hashlib.md5(), 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(part, "wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else (SIZE if url == URL else None)
            if progress:
                progress(0, total)
            while chunk := response.read(CHUNK):
                out.write(chunk)
                md5.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except urllib.error.HTTPError as e:
        raise HarError.of("download.http", code=e.code, reason=str(e.reason), url=url) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise _timeout(url, timeout) from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise HarError.of("download.unreachable", url=url, detail=str(text)) from None
    except TimeoutError:
        raise _timeout(url, timeout) from None
    except (OSError, http.client.HTTPException) as e:  # the connection dropped, or the disk is full
        raise HarError.of("download.failed", url=url, detail=str(getattr(e, "strerror", None) or repr(e))) from None
    if length and length.isdigit() and done < int(length):
        raise HarError.of("download.short", done=done, total=int(length))
    return md5.hexdigest()


def _timeout(url: str, timeout: float) -> HarError:
    return HarError.of("download.timeout", url=url, seconds=timeout)


def _extract(archive: Path, work: Path) -> Path:
    """Extract `archive` into `work` and return the ucf11.zarr folder in it (top level or one down)."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                if member.name.startswith("/") or os.path.isabs(member.name):
                    raise HarError.of("download.absolute_member", member=member.name)
            tar.extractall(work, filter="data")
    except tarfile.FilterError as e:
        raise HarError.of("download.unsafe", detail=str(e)) from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as e:
        raise HarError.of("download.damaged", detail=str(e)) from None
    for candidate in [work / STORE, *sorted(work.glob(f"*/{STORE}"))]:
        if candidate.is_dir() and not candidate.is_symlink():
            return candidate
    raise HarError.of("download.no_store", store=STORE)


def _check_store(path: Path) -> None:
    """Raise a HarError unless `path` loads as a course-layout store."""
    from har.data.store import load_store

    if not store_ready(path):
        raise HarError.of("download.store_not_v2", store=STORE)
    load_store(path)


def _install(new: Path, store: Path) -> None:
    """Rename `new` to `store`; an old store is set aside first and restored if the rename fails."""
    try:
        _swap(new, store)
    except OSError as e:
        raise HarError.of("download.cannot_move", store=str(store), detail=str(e.strerror)) from None


def _swap(new: Path, store: Path) -> None:
    if not store.exists():
        os.replace(new, store)
        return
    old = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=store.parent)) / "previous"
    os.replace(store, old)
    try:
        os.replace(new, store)
    except BaseException:
        os.replace(old, store)
        raise
    shutil.rmtree(old.parent, ignore_errors=True)
