"""A setup as the flat list of its settings (one Slot each: the setup's own, and those of every config it holds),
and reading or writing a setup through them. The share link, the command line and the dashboard walk this list,
so a setting declared on any config is carried by all three without being named again."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from har.configs import SetupConfig
from har.messages import Message
from har.schema import Section, Setting, sections_of, settings_of


@dataclass(frozen=True, eq=False)  # one object per setting (see `slots`): compared and hashed by identity
class Slot:
    """One setting as the setup reaches it: `SetupConfig.split_seed`, or `hidden` of the config in `rnn`."""

    name: str  # the field's name on its config ("hidden"); for a selector, its section's ("cnn")
    setting: Setting
    section: str | None = None  # the setup's field holding the config ("rnn"); None for the setup's own
    owner: type | None = None  # the config class that declares it; None for the setup's own and for a selector
    prefix: str = ""  # the section's flag prefix ("rnn")

    @property
    def selector(self) -> bool:
        """True for the setting that picks which config a section holds (the link's `cnn`)."""
        return self.section is not None and self.owner is None

    @property
    def flag(self) -> str:
        return "--" + "-".join(p for p in (self.prefix, self.setting.flag) if p)

    @property
    def off_flag(self) -> str | None:
        off = self.setting.off_flag
        return "--" + "-".join(p for p in (self.prefix, off) if p) if off else None

    @property
    def dest(self) -> str:
        """The argparse destination of its flag."""
        return self.flag[2:].replace("-", "_")

    def what(self) -> Message:
        """Its name in a sentence, with its link name: "Dropout of the RNN (rd)"."""
        label = Message(self.setting.label)
        section = sections_of(SetupConfig)[self.section].label if self.section else None
        if section and not self.selector:
            return Message("setup.what_in", label=label, section=Message(section), name=self.setting.link or "")
        return Message("setup.what", label=label, name=self.setting.link or self.flag)


@cache
def slots() -> tuple[Slot, ...]:
    """Every setting of a setup, in the order a link writes them: the setup's own and each section's
    (its selector first, then the settings of each config it can hold)."""
    found = []
    own, sections = settings_of(SetupConfig), sections_of(SetupConfig)
    for f in dataclasses.fields(SetupConfig):
        if f.name in own:
            found.append(Slot(f.name, own[f.name]))
        elif f.name in sections:
            sec = sections[f.name]
            if sec.selector is not None:
                found.append(Slot(f.name, sec.selector, section=f.name, prefix=sec.prefix))
            for cls in _classes(sec, f.default_factory):
                found += [Slot(n, s, f.name, cls, sec.prefix) for n, s in settings_of(cls).items()]
    return tuple(found)


def _classes(sec: Section, default_factory) -> list[type]:
    """The config classes with settings that a section can hold."""
    made = [make() for make in sec.kinds.values()] if sec.kinds else [default_factory()]
    return list(dict.fromkeys(type(m) for m in made if settings_of(m)))


def slot(name: str, section: str | None = None) -> Slot:
    """The slot of the setup's setting `name`, or of `name` in `section` ("hidden", "rnn")."""
    return next(s for s in slots() if s.name == name and s.section == section and (section is None or s.owner))


def selector(section: str) -> Slot:
    return next(s for s in slots() if s.section == section and s.selector)


def section_slots(section: str, config=None) -> list[Slot]:
    """The settings of `section`'s config (of `config`'s class, when given), in declaration order."""
    return [s for s in slots() if s.section == section and s.owner and (config is None or isinstance(config, s.owner))]


def kind_of(section: str, config) -> str:
    """The kind of config a section holds ("temporal", "notebook-cnn"): the kind whose config is of `config`'s
    class and has settings, or whose fixed config is `config` itself."""
    kinds = sections_of(SetupConfig)[section].kinds
    for kind, make in kinds.items():
        made = make()
        if type(made) is type(config) and (settings_of(made) or made == config):
            return kind
    raise ValueError(f"no {section} kind holds {config!r}")


def read(setup: SetupConfig, s: Slot):
    """The value of `s` in `setup`; None where the config in its section does not have it (a notebook CNN's
    widths)."""
    if s.section is None:
        return getattr(setup, s.name)
    config = getattr(setup, s.section)
    if s.selector:
        return kind_of(s.section, config)
    return getattr(config, s.name) if isinstance(config, s.owner) else None


def write(setup: SetupConfig, values: Mapping[Slot, object]) -> SetupConfig:
    """`setup` with each slot in `values` set: a selector switches its section to that kind of config (kept as it
    is when it already is one), then the section's settings apply to it; those of another kind are ignored."""
    changes = {s.name: v for s, v in values.items() if s.section is None}
    for name, sec in sections_of(SetupConfig).items():
        config = getattr(setup, name)
        if sec.kinds:
            kind = next((v for s, v in values.items() if s.section == name and s.selector), None)
            if kind is not None and kind != kind_of(name, config):
                config = sec.kinds[kind]()
        own = {s.name: v for s, v in values.items() if s.section == name and s.owner and isinstance(config, s.owner)}
        changes[name] = replace(config, **own) if own else config
    return replace(setup, **changes)
