"""Share a setup: the whole configuration as flat, short query parameters, and back (the sidebar's link
on every page, the lab's `share` command)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from har.configs import DEVICES, POOLINGS, CNNConfig, ModelConfig, NotebookCNNConfig, RNNConfig, TrainConfig
from har.data.splits import SPLITS
from har.i18n import LANGUAGES, t
from har.presets import PRESETS

DATA_SOURCES = ("demo", "ucf11")  # a link never names a path on the server
CNN_KINDS = ("temporal", "notebook-cnn", "notebook-cnn2")


@dataclass(frozen=True)
class LabSetup:
    """Everything needed to reproduce a comparison: data, split, both models, training, language."""

    data: str = "demo"
    split: str = "random"
    split_seed: int = 0
    test_fraction: float = 0.2
    rnn: ModelConfig = field(default_factory=RNNConfig)
    cnn: ModelConfig = field(default_factory=CNNConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    lang: str = "en"

    def models(self) -> dict[str, ModelConfig]:
        return {"rnn": self.rnn, "cnn": self.cnn}


# Named pairs: the course's three models, and parameter-matched pairs (see har.presets).
SETUPS = {
    "course": ("notebook-rnn", "notebook-cnn"),
    "course-cnn2": ("notebook-rnn", "notebook-cnn2"),
    "matched": ("notebook-rnn", "matched-cnn"),
    "small": ("small-rnn", "small-cnn"),
}


def preset_setup(name: str, base: LabSetup | None = None) -> LabSetup:
    """`base` (or the defaults) with both models taken from the named pair in `SETUPS`."""
    rnn, cnn = SETUPS[name]
    return replace(base or LabSetup(), rnn=PRESETS[rnn].config, cnn=PRESETS[cnn].config)


def _cnn_kind(config: ModelConfig) -> str:
    return f"notebook-{config.variant}" if isinstance(config, NotebookCNNConfig) else "temporal"


def encode(setup: LabSetup) -> dict[str, str]:
    """Flat {short name: string} for `st.query_params` or a URL.

    Every field is written, so an old link keeps meaning the same when defaults change.
    """
    r, c, tr = setup.rnn, setup.cnn, setup.train
    out = {
        "lang": setup.lang,
        "data": setup.data,
        "split": setup.split,
        "ss": str(setup.split_seed),
        "tf": repr(float(setup.test_fraction)),
        "rh": str(r.hidden),
        "rl": str(r.layers),
        "rb": "1" if r.bidirectional else "0",
        "rd": repr(float(r.dropout)),
        "rp": r.pooling,
        "cnn": _cnn_kind(c),
    }
    if isinstance(c, CNNConfig):
        out.update(
            cw="-".join(str(w) for w in c.widths), ck=str(c.kernel_size), cd=repr(float(c.dropout)), cp=c.pooling
        )
    out.update(
        ep=str(tr.epochs),
        lr=repr(float(tr.lr)),
        bs=str(tr.batch_size),
        wd=repr(float(tr.weight_decay)),
        seed=str(tr.seed),
        dev=tr.device,
    )
    return out


def query_string(setup: LabSetup) -> str:
    return urlencode(encode(setup))


# --- decoding: one parser per parameter, each returning a value or raising ValueError ---------


def _int(lo: int, hi: int) -> Callable[[str], int]:
    def parse(s: str) -> int:
        v = int(s)
        if not lo <= v <= hi:
            raise ValueError
        return v

    return parse


def _float(lo: float, hi: float, *, open_low: bool = False) -> Callable[[str], float]:
    def parse(s: str) -> float:
        v = float(s)
        if not math.isfinite(v) or v > hi or v < lo or (open_low and v == lo):
            raise ValueError
        return v

    return parse


def _choice(options) -> Callable[[str], str]:
    def parse(s: str) -> str:
        if s not in options:
            raise ValueError
        return s

    return parse


def _bool(s: str) -> bool:
    if s not in ("0", "1"):
        raise ValueError
    return s == "1"


def _widths(s: str) -> tuple[int, ...]:
    widths = tuple(_int(1, 8192)(w) for w in s.split("-"))
    if not 1 <= len(widths) <= 8:
        raise ValueError
    return widths


PARSERS: dict[str, Callable[[str], object]] = {
    "lang": _choice(tuple(LANGUAGES)),
    "data": _choice(DATA_SOURCES),
    "split": _choice(SPLITS),
    "ss": _int(0, 2**31 - 1),
    "tf": _float(0.05, 0.95),
    "rh": _int(1, 4096),
    "rl": _int(1, 8),
    "rb": _bool,
    "rd": _float(0.0, 0.95),
    "rp": _choice(POOLINGS),
    "cnn": _choice(CNN_KINDS),
    "cw": _widths,
    "ck": _int(1, 9),
    "cd": _float(0.0, 0.95),
    "cp": _choice(POOLINGS),
    "ep": _int(1, 500),
    "lr": _float(0.0, 10.0, open_low=True),
    "bs": _int(1, 4096),
    "wd": _float(0.0, 1.0),
    "seed": _int(0, 2**31 - 1),
    "dev": _choice(DEVICES),
}


def _last(value) -> str:
    """st.query_params gives strings; a parsed URL may give lists (the last value wins)."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


def decode(params: Mapping | str) -> tuple[LabSetup, list[str]]:
    """The setup a link describes, and one warning sentence per value that had to be replaced.

    Never raises: a bad or unknown value falls back to its default. A `preset` parameter fills
    the models first; explicit ones win.
    """
    if isinstance(params, str):
        params = dict(parse_qsl(params.lstrip("?"), keep_blank_values=True))
    raw = {k: _last(v) for k, v in params.items()}
    values, bad = {}, []
    for key, parse in PARSERS.items():
        if key in raw:
            try:
                values[key] = parse(raw[key])
            except (ValueError, TypeError):
                bad.append(key)
    lang = values.get("lang", LabSetup.lang)
    warnings = [t("lab.share.bad", lang, value=raw[k][:40], what=t(f"lab.share.field.{k}", lang)) for k in bad]
    setup = LabSetup(lang=lang)
    if "preset" in raw:
        if raw["preset"] in SETUPS:
            setup = preset_setup(raw["preset"], setup)
        else:
            warnings.append(t("lab.share.bad_preset", lang, value=raw["preset"][:40], valid=", ".join(SETUPS)))
    return _apply(setup, values), warnings


def _apply(setup: LabSetup, v: dict) -> LabSetup:
    r = setup.rnn
    rnn = RNNConfig(
        hidden=v.get("rh", r.hidden),
        layers=v.get("rl", r.layers),
        bidirectional=v.get("rb", r.bidirectional),
        dropout=v.get("rd", r.dropout),
        pooling=v.get("rp", r.pooling),
    )
    kind = v.get("cnn", _cnn_kind(setup.cnn))
    if kind == "temporal":
        c = setup.cnn if isinstance(setup.cnn, CNNConfig) else CNNConfig()
        cnn = CNNConfig(
            widths=v.get("cw", c.widths),
            kernel_size=v.get("ck", c.kernel_size),
            dropout=v.get("cd", c.dropout),
            pooling=v.get("cp", c.pooling),
        )
    else:
        cnn = NotebookCNNConfig(kind.removeprefix("notebook-"))
    tr = setup.train
    train = TrainConfig(
        epochs=v.get("ep", tr.epochs),
        lr=v.get("lr", tr.lr),
        batch_size=v.get("bs", tr.batch_size),
        weight_decay=v.get("wd", tr.weight_decay),
        seed=v.get("seed", tr.seed),
        device=v.get("dev", tr.device),
    )
    return replace(
        setup,
        data=v.get("data", setup.data),
        split=v.get("split", setup.split),
        split_seed=v.get("ss", setup.split_seed),
        test_fraction=v.get("tf", setup.test_fraction),
        rnn=rnn,
        cnn=cnn,
        train=train,
    )
