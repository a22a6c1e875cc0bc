"""How a setting is declared once: its short link name, its command-line flag, its label and help (catalog keys),
its bounds and its widget, kept in the dataclass field's metadata. Share links, command lines, the dashboard's
widgets, presets and run records are all derived from these declarations (har/slots.py walks them)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from har.messages import Message

KINDS = ("bool", "int", "float", "str", "ints", "strs")  # what a setting holds; "ints"/"strs": a tuple of them


class Choices:
    """Choices known only when asked: the languages with catalogs are found when a link is read or a widget
    drawn, never when a config module is imported. Reads like the tuple `find()` returns."""

    def __init__(self, find: Callable[[], tuple]):
        self._find = find

    def _all(self) -> tuple:
        return tuple(self._find())

    def __iter__(self):
        return iter(self._all())

    def __contains__(self, value) -> bool:
        return value in self._all()

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, i):
        return self._all()[i]

    def __add__(self, other) -> tuple:
        return self._all() + tuple(other)

    def index(self, value) -> int:
        return self._all().index(value)

    def __repr__(self) -> str:
        return f"Choices({self._all()!r})"


@dataclass(frozen=True)
class Widget:
    """How the dashboard shows a setting, where its range or choices are narrower than the setting's bounds."""

    kind: str  # "slider", "steps" (a slider over fixed options), "number", "toggle", "radio", "select", "layers",
    # "multi" (several of the options at once)
    low: float | None = None
    high: float | None = None
    step: float | None = None
    options: tuple = ()  # for "steps", "radio" and "select" (empty: the setting's choices)
    log: bool = False  # "steps": the nearest option is the nearest on a log scale (learning rates)
    layers: int = 0  # "layers": how many entries the widget offers, each a slider from low to high
    count_label: str = ""  # "layers": the catalog keys of the count slider's label and help
    count_help: str = ""
    entry_label: str = ""  # "layers": the catalog key of one entry's label, with its number as {i}
    horizontal: bool = False  # "radio": the options side by side

    def nearest(self, value):
        """The value closest to `value` that this widget can show."""
        if self.kind == "layers":
            value = value[: self.layers]
            return tuple(_clamp(v, self.low, self.high) for v in value)
        if self.kind == "steps":
            use_log = self.log and value > 0 and all(o > 0 for o in self.options)
            distance = (lambda o: abs(math.log(o) - math.log(value))) if use_log else (lambda o: abs(o - value))
            return min(self.options, key=distance)
        if self.kind in ("slider", "number"):
            return _clamp(value, self.low, self.high)
        if self.kind in ("radio", "select") and self.options and value not in self.options:
            return self.options[0]
        return value


def _clamp(value, low, high):
    return min(max(value, low), high) if low is not None else value


def slider(low, high, step=None) -> Widget:
    return Widget("slider", low=low, high=high, step=step)


def steps(*options, log: bool = False) -> Widget:
    return Widget("steps", options=tuple(options), log=log)


def number(low, high) -> Widget:
    return Widget("number", low=low, high=high, step=1)


def toggle() -> Widget:
    return Widget("toggle")


def radio(*options, horizontal: bool = False) -> Widget:
    return Widget("radio", options=tuple(options), horizontal=horizontal)


def select(*options) -> Widget:
    return Widget("select", options=tuple(options))


def multi(*options) -> Widget:
    return Widget("multi", options=tuple(options))


def layers(count: int, low: int, high: int, *, count_label: str, count_help: str, entry_label: str) -> Widget:
    return Widget(
        "layers", low=low, high=high, layers=count, count_label=count_label, count_help=count_help,
        entry_label=entry_label,
    )  # fmt: skip


@dataclass(frozen=True)
class Setting:
    """What every encoding of one setting needs to know about it."""

    link: str | None  # its short name in a share link ("rh"); None for a setting no link carries
    flag: str  # its command-line flag without the dashes and its section's prefix ("hidden" -> --rnn-hidden)
    label: str  # the catalog key of its name, as a widget's label ("setting.rnn.hidden")
    help: str  # the catalog key of its one-sentence help, the widget's tooltip and the flag's --help
    kind: str = "str"  # one of KINDS; `setting()` takes it from the default
    bounds: tuple | None = None  # (low, high), inclusive, of a number or of each number of "ints"
    above: bool = False  # the low bound itself is not valid (a learning rate must be above 0)
    count: tuple[int, int] | None = None  # "ints": how many numbers, (fewest, most)
    choices: tuple | Choices | None = None  # the valid values of a "str"
    choice_labels: Mapping[str, str] | None = None  # choice -> catalog key of its name in a widget
    paths: bool = False  # the command line also takes a path here (the data); a link never does
    off_flag: str | None = None  # "bool": the flag that turns it off ("unidirectional" beside "bidirectional")
    widget: Widget | None = None  # how the dashboard shows it; None: no widget

    def parse(self, text: str, sep: str = "-"):
        """The value `text` stands for (a link's or a flag's text; `sep` joins the numbers of "ints"), checked
        against the bounds; ValueError when it is not valid."""
        text = text.strip()
        if self.kind == "bool":
            if text not in ("0", "1"):
                raise ValueError(text)
            return text == "1"
        if self.kind == "str":
            return self.check(text)
        if self.kind == "ints":
            return self.check(tuple(int(part) for part in text.split(sep)))
        if self.kind == "strs":
            return self.check(tuple(part.strip() for part in text.split(sep)))
        return self.check(int(text) if self.kind == "int" else float(text))

    def check(self, value):
        """`value` if it is valid for this setting, else ValueError."""
        if self.kind == "str":
            if self.choices is not None and value not in self.choices:
                raise ValueError(value)
            return value
        if self.kind in ("ints", "strs"):
            low, high = self.count or (1, math.inf)
            if not low <= len(value) <= high:
                raise ValueError(value)
            if self.kind == "strs":
                if self.choices is not None and any(v not in self.choices for v in value):
                    raise ValueError(value)
                return tuple(value)
            return tuple(self._number(v) for v in value)
        return value if self.kind == "bool" else self._number(value)

    def _number(self, value):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(value)
        if self.bounds is not None:
            low, high = self.bounds
            if value < low or value > high or (self.above and value == low):
                raise ValueError(value)
        return value

    def text(self, value, sep: str = "-") -> str:
        """`value` as a link (or, with sep=",", a command line) writes it; `parse` reads it back."""
        if self.kind == "bool":
            return "1" if value else "0"
        if self.kind == "float":
            return repr(float(value))
        if self.kind in ("ints", "strs"):
            return sep.join(str(v) for v in value)
        return str(value)

    def valid(self, sep: str = "-") -> Message:
        """What a valid value is, as a phrase for a sentence ("a whole number from 1 to 4,096")."""
        if self.kind == "bool":
            return Message("setting.valid.bool")
        if self.kind in ("str", "strs"):
            return Message("setting.valid.choice", choices=", ".join(self.choices or ()))
        low, high = self.bounds or (None, None)
        if self.kind == "ints":
            fewest, most = self.count or (1, 1)
            return Message("setting.valid.ints", fewest=fewest, most=most, low=low, high=high, sep=sep)
        if self.kind == "int":
            return Message("setting.valid.int", low=low, high=high)
        return Message("setting.valid.above" if self.above else "setting.valid.float", low=low, high=high)


def setting(default=dataclasses.MISSING, *, kind: str | None = None, **declaration):
    """A dataclass field declared as a setting: `hidden: int = setting(128, link="rh", flag="hidden", ...)`."""
    kind = kind or _kind_of(default)
    factory = dataclasses.MISSING
    if isinstance(default, (list, tuple)):  # a field's default must be immutable or come from a factory
        factory, default = (lambda v=tuple(default): v), dataclasses.MISSING
    return dataclasses.field(
        default=default, default_factory=factory, metadata={"setting": Setting(kind=kind, **declaration)}
    )


def _kind_of(default) -> str:
    if isinstance(default, (list, tuple)) and default and all(isinstance(v, str) for v in default):
        return "strs"
    for kind, types in (("bool", bool), ("int", int), ("float", float), ("str", str), ("ints", (list, tuple))):
        if isinstance(default, types):
            return kind
    raise TypeError(f"no setting kind for a default of {default!r}")


def settings_of(cls_or_instance) -> dict[str, Setting]:
    """Field name -> Setting of every declared setting of a dataclass, in field order."""
    return {f.name: f.metadata["setting"] for f in dataclasses.fields(cls_or_instance) if "setting" in f.metadata}


@dataclass(frozen=True)
class Section:
    """A field that holds a whole config (a model, the training) whose own settings belong to the setup."""

    prefix: str  # before its settings' flags: "rnn" -> --rnn-hidden; "" for none
    label: str | None = None  # the catalog key of its name in a sentence ("the RNN"); None for none
    kinds: Mapping[str, Callable[[], object]] | None = (
        None  # kind -> its config, where the section holds one of several
    )
    selector: Setting | None = None  # the setting that picks the kind (link "cnn", flag --cnn)


def section(default_factory, **declaration):
    """A dataclass field declared as a section: `rnn: RNNConfig = section(RNNConfig, prefix="rnn")`."""
    return dataclasses.field(default_factory=default_factory, metadata={"section": Section(**declaration)})


def sections_of(cls_or_instance) -> dict[str, Section]:
    """Field name -> Section of every declared section of a dataclass, in field order."""
    return {f.name: f.metadata["section"] for f in dataclasses.fields(cls_or_instance) if "section" in f.metadata}
