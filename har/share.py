"""Share a setup: the whole configuration as flat, short query parameters, and back (the sidebar's link on every
page, the lab's `share` command). Each parameter is a setting's declared link name (see har/slots.py)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

from har.configs import CNN_KINDS, DATA_SOURCES, LabSetup, SetupConfig
from har.messages import Message
from har.presets import SETUPS, preset_setup
from har.slots import Slot, read, slots, write

PRESET = "preset"  # the parameter naming a pair of models (har.presets.SETUPS); explicit ones win over it
VALUE_SHOWN = 40  # characters of a bad value quoted back in its warning

__all__ = [
    "CNN_KINDS",
    "DATA_SOURCES",
    "PRESET",
    "SETUPS",
    "LabSetup",
    "SetupConfig",
    "decode",
    "encode",
    "link",
    "linked",
    "preset_setup",
    "query_string",
]


def linked() -> tuple[Slot, ...]:
    """The settings a link carries, in the order it writes them."""
    return tuple(s for s in slots() if s.setting.link)


def encode(setup: SetupConfig) -> dict[str, str]:
    """Flat {short name: string} for `st.query_params` or a URL.

    Every setting is written, so an old link keeps meaning the same when defaults change.
    """
    return {s.setting.link: s.setting.text(v) for s in linked() if (v := read(setup, s)) is not None}


def query_string(setup: SetupConfig) -> str:
    return urlencode(encode(setup))


def kept_form(setup: SetupConfig) -> str:
    """`setup` as the run store keeps a browser's settings: the link's query string, less the language (which the
    page's own address carries)."""
    return urlencode({k: v for k, v in encode(setup).items() if k != "lang"})


def link(address: str, setup: SetupConfig) -> str:
    """The link that opens `address` (a page of the app; "" for the bare query) on `setup`."""
    return f"{address.rstrip('?')}?{query_string(setup)}"


def _last(value) -> str:
    """st.query_params gives strings; a parsed URL may give lists (the last value wins)."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


def decode(params: Mapping | str) -> tuple[SetupConfig, list[Message]]:
    """The setup a link describes, and one warning (a Message) per value that had to be replaced.

    Never raises: a bad or unknown value falls back to its default. A `preset` parameter fills
    the models first; explicit ones win.
    """
    if isinstance(params, str):
        params = dict(parse_qsl(params.lstrip("?"), keep_blank_values=True))
    raw = {k: _last(v) for k, v in params.items()}
    values, warnings = {}, []
    for s in linked():
        if s.setting.link in raw:
            text = raw[s.setting.link]
            try:
                values[s] = s.setting.parse(text)
            except ValueError:
                warnings.append(
                    Message("setup.link.bad", value=text[:VALUE_SHOWN], what=s.what(), valid=s.setting.valid())
                )
    setup = SetupConfig()
    if PRESET in raw:
        if raw[PRESET] in SETUPS:
            setup = preset_setup(raw[PRESET], setup)
        else:
            warnings.append(Message("setup.link.bad_preset", value=raw[PRESET][:VALUE_SHOWN], valid=", ".join(SETUPS)))
    return write(setup, values), warnings
