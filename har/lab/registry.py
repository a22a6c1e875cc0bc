"""Every study of the lab, found by looking in har/lab/studies: no list of their names anywhere else."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import har.lab.studies
from har.lab.core import Study


@cache
def studies() -> dict[str, type[Study]]:
    """Name -> Study subclass of every module in har/lab/studies that sets `STUDY`, in the order of their `place`."""
    found: dict[str, type[Study]] = {}
    for info in pkgutil.iter_modules(har.lab.studies.__path__):
        module = importlib.import_module(f"{har.lab.studies.__name__}.{info.name}")
        study = getattr(module, "STUDY", None)
        if study is None:
            continue
        if not (isinstance(study, type) and issubclass(study, Study)):
            raise TypeError(f"{module.__name__}.STUDY is not a Study subclass")
        if study.name in found:
            raise ValueError(
                f"two studies are named {study.name!r}: {found[study.name].__module__} and {module.__name__}"
            )
        found[study.name] = study
    return dict(sorted(found.items(), key=lambda item: (item[1].place, item[0])))


def study(name: str) -> type[Study]:
    """The study called `name`; a ValueError naming the valid ones otherwise."""
    known = studies()
    if name not in known:
        raise ValueError(f"unknown study {name!r}; choose one of {', '.join(known)}")
    return known[name]
