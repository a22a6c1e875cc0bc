"""Random valid setups drawn from the settings' own declarations, so a new setting is covered without naming it."""

from __future__ import annotations

import random

from har.configs import SetupConfig
from har.schema import Setting
from har.slots import slots, write


def draw_value(setting: Setting, rng: random.Random):
    """A random value the declaration accepts, often one at a bound."""
    if setting.kind == "bool":
        return rng.random() < 0.5
    if setting.kind == "str":
        return rng.choice(setting.choices)
    low, high = setting.bounds
    if setting.kind == "ints":
        fewest, most = setting.count
        return tuple(rng.choice((low, high, rng.randint(low, high))) for _ in range(rng.randint(fewest, most)))
    if setting.kind == "int":
        return rng.choice((low, high, rng.randint(low, high)))
    value = rng.choice((high, rng.uniform(low, high), round(rng.uniform(low, high), 3)))
    return value if not (setting.above and value == low) else high


def random_setup(rng: random.Random) -> SetupConfig:
    """A setup with every setting drawn at random, the CNN's kind included."""
    return write(SetupConfig(), {s: draw_value(s.setting, rng) for s in slots()})
