"""The one exception type whose message is meant for a person: one sentence saying what is wrong and what to do,
in English and Spanish when raised as `HarError.of(key, ...)` (the `error.<key>` entry of har/text/errors.py)."""

from har.i18n import LANGUAGES, t


class HarError(Exception):
    """A problem with the user's input or environment, explained in one sentence.

    The CLI prints it and exits non-zero; the app shows it in an `st.error`.
    `str(e)` is always the English sentence; `e.message(lang)` is the same sentence in `lang`
    when the error was built with `of`, and the English one for a plain `HarError("...")`.
    """

    key = ""  # the catalog key without its "error." prefix; "" when raised with a plain sentence
    values = None  # the key's placeholder values, e.g. {"name": "clips.npz"}

    @classmethod
    def of(cls, key: str, /, **values):
        """The error whose English sentence is `error.<key>` of the catalog, filled from `values`."""
        error = cls(t(f"error.{key}", "en", **values))
        error.key, error.values = key, values
        return error

    def message(self, lang: str = "en") -> str:
        """The sentence in `lang` (English when `lang` or this error has no translation)."""
        return t(f"error.{self.key}", lang, **self.values) if self.key else str(self)


def messages(error: HarError) -> dict[str, str]:
    """The error's sentence in every language: plain text to keep in a session or a job, where the
    exception itself would keep its traceback's frames (an upload's bytes, a model) alive."""
    return {lang: error.message(lang) for lang in LANGUAGES}


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Return `value` if it is one of `choices`, else raise a ValueError naming the valid ones."""
    if value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; choose one of {valid}")
    return value
