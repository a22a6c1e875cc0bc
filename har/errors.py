"""The one exception type whose message is meant for a person.

Anything raised as `HarError` is shown as it is: one sentence saying what is wrong and what
to do. The CLI prints it and exits non-zero; the app shows it in an `st.error`.
"""


class HarError(Exception):
    """A problem with the user's input or environment, explained in one sentence."""


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Return `value` if it is one of `choices`, else raise a ValueError naming the valid ones."""
    if value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; choose one of {valid}")
    return value
