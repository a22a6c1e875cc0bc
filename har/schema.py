"""How a setting is declared once: its short link name, its command-line flag, its help sentence (a catalog key)
and its bounds, kept in the dataclass field's metadata. Share links, command lines, the dashboard's widgets,
presets and run records are all derived from these declarations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """What every encoding of one setting needs to know about it."""

    link: str | None  # its short name in a share link ("rh"); None for a setting no link carries
    flag: str  # its command-line flag, without the dashes ("rnn-hidden")
    help: str  # the catalog key of its one-sentence help ("setting.rnn.hidden")
    bounds: tuple | None = None  # (low, high), inclusive, for a number
    choices: tuple | None = None  # the valid values, for a choice
    widget: tuple | None = None  # the dashboard's choices or (low, high), where narrower than `bounds`


def setting(default=dataclasses.MISSING, *, default_factory=dataclasses.MISSING, **declaration):
    """A dataclass field declared as a setting: `hidden: int = setting(128, link="rh", flag="rnn-hidden", ...)`."""
    return dataclasses.field(
        default=default, default_factory=default_factory, metadata={"setting": Setting(**declaration)}
    )


def settings_of(cls_or_instance) -> dict[str, Setting]:
    """Field name -> Setting of every declared setting of a dataclass, in field order."""
    return {f.name: f.metadata["setting"] for f in dataclasses.fields(cls_or_instance) if "setting" in f.metadata}
