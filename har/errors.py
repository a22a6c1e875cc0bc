"""The one exception type whose message is meant for a person: one sentence saying what is wrong and what to do.
Raised as `HarError.of(key, ...)` it carries the sentence as a Message (the `error.<key>` entry of the catalogs),
which the CLI and the dashboard render in the reader's language."""

from collections.abc import Mapping
from types import MappingProxyType

from har.i18n import DEFAULT, render
from har.messages import Message


class HarError(Exception):
    """A problem with the user's input or environment, explained in one sentence.

    The CLI prints it and exits non-zero; the app shows it in an `st.error`.
    `e.sentence` is what it says: a Message when the error was built with `of`, else the plain sentence it was
    raised with. `str(e)` is always the English sentence; `e.message(lang)` is the same sentence in `lang`.
    """

    def __init__(self, sentence: str | Message):
        super().__init__(sentence)

    @classmethod
    def of(cls, key: str, /, **values):
        """The error whose sentence is `error.<key>` of the catalogs, filled from `values`."""
        return cls(Message(f"error.{key}", **values))

    @property
    def sentence(self) -> Message | str:
        return self.args[0] if self.args else ""

    @property
    def key(self) -> str:
        """The catalog key without its "error." prefix; "" when raised with a plain sentence."""
        s = self.sentence
        return s.key.removeprefix("error.") if isinstance(s, Message) else ""

    @property
    def values(self) -> Mapping[str, object]:
        s = self.sentence
        return s.values if isinstance(s, Message) else MappingProxyType({})

    def message(self, lang: str = DEFAULT) -> str:
        """The sentence in `lang` (English when the error was raised with a plain sentence)."""
        s = self.sentence
        return render(s, lang) if isinstance(s, Message) else str(s)

    def __str__(self) -> str:
        return self.message(DEFAULT)


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Return `value` if it is one of `choices`, else raise a ValueError naming the valid ones."""
    if value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; choose one of {valid}")
    return value
