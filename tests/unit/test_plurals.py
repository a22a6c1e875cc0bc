"""Counts in every text take a plural form: no "{n} clips" that would read "1 clips", in either language (a check
no gettext tool makes: it reads the words after each number)."""

from __future__ import annotations

import re

from har.i18n import sources, t, template

# The plural nouns the catalogs use after a number (a count is followed by one of these, within a few words).
PLURAL_NOUNS = {
    "en": set(
        "epochs clips seeds trainings parameters classes features frames keys integers values sizes names bytes "
        "times seconds groups layers units filters models runs points".split()
    ),
    "es": set(
        "épocas clips semillas entrenamientos parámetros clases características cuadros fotogramas claves enteros "
        "valores tamaños nombres bytes veces segundos grupos capas unidades filtros modelos ejecuciones "
        "puntos".split()
    ),
}
# Placeholders that always carry a decimal ("+3.1 points", "1.0 times as many"): plural in both languages.
DECIMALS = {"diff", "gap", "shuffled", "reversed", "ratio", "points", "random", "group"}
WORDS_NOT_NUMBERS = {"path", "pairs", "band", "model", "name", "env"}  # "the store {path} holds no clips", "{pairs}
# hold the same frames", "at {band} parameters" (a range such as "0.2-1 M"), "the {model} has fewer parameters"
# Counts that are never 1: more trainings than the memory holds (at least 2), more parameters than the cap (100 M).
MORE_THAN_ONE = {("server.too_many_trainings", "asked"), ("error.weights.too_many", "n")}
FIELD = re.compile(r"\{(\w+)([:!][^}]*)?\}")
WORDS = 4  # how far after a number its noun may stand ("{n} NaN or infinite values")


def counted_nouns(text: str, lang: str) -> list[tuple[str, str]]:
    """(placeholder, plural noun) for each placeholder followed, within a clause, by a plural noun."""
    out = []
    for m in FIELD.finditer(text):
        # A clause ends at punctuation, the next placeholder or a partitive ("1 of the clips" is right).
        clause = re.split(r"[{.,;:()·]| of | de ", text[m.end() :], maxsplit=1)[0]
        nouns = [w for w in clause.split()[:WORDS] if w.lower() in PLURAL_NOUNS[lang]]
        if nouns:
            out.append((m.group(1), nouns[0]))
    return out


def plural_problems(texts) -> list[str]:
    """Every count followed by a fixed plural noun that a count of 1 would get wrong; `texts` holds
    (key, language, form, count name, text): form "one"/"other" for a plural entry, "" otherwise."""
    problems = []
    for key, lang, form, count, text in texts:
        for name, noun in counted_nouns(text, lang):
            if (
                name in DECIMALS | WORDS_NOT_NUMBERS
                or (key, name) in MORE_THAN_ONE
                or (form == "other" and name == count)
            ):
                continue  # a decimal, a word, or the plural form of the entry's own count
            problems.append(f"{key} ({lang}{' ' + form if form else ''}): {{{name}}} ... {noun}")
    return problems


def catalog_texts():
    for key, source in sources().items():
        for lang in PLURAL_NOUNS:
            if source.plural is None:
                yield key, lang, "", None, template(key, lang)
            else:
                yield key, lang, "one", source.count, template(key, lang, 1)
                yield key, lang, "other", source.count, template(key, lang, 2)


def test_no_count_is_followed_by_a_fixed_plural_noun():
    problems = plural_problems(catalog_texts())
    assert problems == [], "\n".join(problems)


def test_the_check_catches_a_fixed_plural_and_accepts_plural_forms():
    bad = [
        ("a", "en", "", None, "Finished: {epochs} epochs"),
        ("a", "es", "", None, "Terminado: {epochs} épocas"),
        ("b", "en", "", None, "{n} test clips of {k}"),
        ("c", "en", "one", "n", "{n} clips"),
        ("c", "en", "other", "n", "{n} clips"),
    ]
    assert [p.split(":")[0] for p in plural_problems(bad)] == ["a (en)", "a (es)", "b (en)", "c (en one)"]


def test_a_count_of_one_reads_in_the_singular():
    assert t("train.finished", "en", epochs=1, seconds=2.0).startswith("Finished: 1 epoch in 2.0 s.")
    assert t("train.finished", "es", epochs=1, seconds=2.0).startswith("Terminado: 1 época en 2,0 s.")
    assert t("train.finished", "en", epochs=3, seconds=2.0).startswith("Finished: 3 epochs in")
    assert t("train.stopped", "es", epochs=1) == "Detenido: la época completa se guarda en el historial."
    assert t("lab.cli.failures", "en", n=1, true="a", pred="b", model="the RNN").startswith(
        "1 test clip of class a was"
    )
    assert t("lab.stopped", "es", done=0, total=1).startswith("Detenido: 0 de 1 entrenamiento terminado")
    assert t("lab.discuss.seeds", "en", n=1) == "These numbers come from 1 seed."


def test_the_command_line_says_one_epoch(capsys, tiny_npz):
    from har.cli import main

    argv = ["train", "--data", str(tiny_npz), "--epochs", "1", "--rnn-hidden", "4", "--cnn-widths", "4"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "after 1 epoch\n" in out and "1 epochs" not in out


def test_the_benchmark_reads_the_finished_line_of_one_epoch_too():
    from bench import ui

    for epochs in (1, 3):
        prefix, pattern = ui.finished_pattern(epochs)
        line = t("train.finished", "en", epochs=epochs, seconds=12.34)
        assert line.startswith(prefix) and pattern.search(line)["seconds"] == "12.3"
