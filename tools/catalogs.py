"""Check the gettext catalogs (har/locale/<lang>/LC_MESSAGES/<domain>.po) against each other and against the code
that uses them; `.ci/run` runs it before the tests (`python tools/catalogs.py`), tests/test_catalogs.py too.

The code's keys are read with `ast`: the first argument of t(), tr(), template() and Message(), that of an error's
.of() (with the "error." prefix), every string of a map assigned to a name ending in _KEYS, and, as mentions, any
other string that is a key. A key built at run time (an f-string, a sum) is refused: no tool could find it."""

from __future__ import annotations

import ast
import re
import string
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "har" / "locale"
CODE = ("har", "dashboard", "pages", "bench", "streamlit_app.py")  # where the keys are used
ENGLISH = "en"
KEY_CALLS = {"t", "tr", "template", "Message"}  # called with a key as their first argument
ERROR_CALL = "of"  # HarError.of("path.empty") and its subclasses' .of: the key "error.path.empty"
ERRORS = "har/errors.py"
MAP_SUFFIX = "_KEYS"  # SOURCE_KEYS = {"demo": "side.source.demo", ...}: a literal map of keys
BRACE = "python-brace-format"
COUNT = "count: "
HEADER = {"Content-Type": "text/plain; charset=UTF-8"}


# --- the catalogs ----------------------------------------------------------------------------------------------


def read_catalogs(locale: Path = LOCALE) -> dict[str, dict[str, Catalog]]:
    """{lang: {domain: catalog}} of every .po file under `locale`."""
    found: dict[str, dict[str, Catalog]] = {}
    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=po.stem)
        catalog.header_fields = header_fields(po.read_text("utf-8"))
        found.setdefault(lang, {})[po.stem] = catalog
    return found


def header_fields(text: str) -> dict[str, str]:
    """The fields of a .po file's header entry as written (its msgstr may be wrapped over several lines)."""
    head = text.split("\n\n")[0]
    joined = "".join(re.findall(r'^"(.*)"$', head, re.M))
    return dict(line.split(": ", 1) for line in joined.split("\\n") if ": " in line)


def entries(catalog: Catalog) -> dict[str, object]:
    return {m.context: m for m in catalog if m.id}


def fields(texts: str | Iterable[str]) -> set[tuple]:
    """The (name, conversion, format spec) of every `{placeholder}` in `texts`."""
    texts = [texts] if isinstance(texts, str) else texts
    return {(name, conv, spec) for text in texts for _, name, spec, conv in string.Formatter().parse(text) if name}


def _forms(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def catalog_problems(catalogs: dict[str, dict[str, Catalog]]) -> list[str]:
    """Every way the catalogs break the rules, one line each (see the module's docstring of each rule)."""
    problems: list[str] = []
    english: dict[str, object] = {}
    for lang, domains in sorted(catalogs.items()):
        seen: dict[str, str] = {}
        for domain, catalog in sorted(domains.items()):
            where = f"{lang}/{domain}.po"
            problems += _header_problems(catalog, lang, where)
            for key, m in entries(catalog).items():
                if key is None:
                    problems.append(f"{where}: {m.id[:40]!r} has no msgctxt (its key)")
                    continue
                if key in seen:
                    problems.append(f"{where}: {key} is also in {seen[key]}")
                seen[key] = domain
                if lang == ENGLISH:
                    english[key] = m
            problems += [f"{where}: obsolete entry {key!r} (#~)" for _, key in catalog.obsolete]
    for key, m in english.items():
        problems += _english_problems(key, m)
    for lang, domains in sorted(catalogs.items()):
        if lang == ENGLISH:
            continue
        have = {k: (d, m) for d, c in domains.items() for k, m in entries(c).items()}
        problems += [f"{lang}: {key} is missing (untranslated)" for key in sorted(english.keys() - have.keys())]
        problems += [f"{lang}: {key} is not in English" for key in sorted(have.keys() - english.keys())]
        for key in sorted(english.keys() & have.keys()):
            domain, m = have[key]
            problems += [f"{lang}/{domain}.po: {key}: {p}" for p in _translation_problems(m, english[key], lang)]
    return problems


def _header_problems(catalog: Catalog, lang: str, where: str) -> list[str]:
    head = catalog.header_fields
    wanted = HEADER | {"Language": lang, "Plural-Forms": get_plural(lang).plural_forms}
    return [f"{where}: header {k} is {head.get(k)!r}, not {v!r}" for k, v in wanted.items() if head.get(k) != v]


def _english_problems(key: str, m) -> list[str]:
    problems = []
    try:
        names = fields(_forms(m.id))
    except ValueError as e:
        return [f"en: {key}: bad braces ({e})"]
    if m.string != (m.id if isinstance(m.id, str) else tuple(m.id)):
        problems.append(f"en: {key}: the English msgstr differs from its msgid")
    if (BRACE in m.flags) != bool(names):
        problems.append(f"en: {key}: {BRACE} flag {'missing' if names else 'on an entry without placeholders'}")
    counts = [c[len(COUNT) :].strip() for c in m.auto_comments if c.startswith(COUNT)]
    if isinstance(m.id, tuple):
        if len(counts) != 1 or counts[0] not in {n for n, _, _ in fields(m.id[1])}:
            problems.append(f"en: {key}: a plural entry needs '#. count: NAME', NAME a placeholder of its plural")
    elif counts:
        problems.append(f"en: {key}: a count on an entry without plural forms")
    return problems


def _translation_problems(m, english, lang: str) -> list[str]:
    problems = []
    if m.id != english.id:
        problems.append("made from another English text (its msgid differs from the English catalog's)")
    if "fuzzy" in m.flags:
        problems.append("fuzzy")
    if (BRACE in m.flags) != (BRACE in english.flags):
        problems.append(f"{BRACE} flag differs from the English entry's")
    forms = _forms(m.string)
    if not all(forms):
        return problems + ["untranslated (empty msgstr)"]
    if isinstance(english.id, tuple) != isinstance(m.string, tuple):
        return problems + ["plural in one language and not in the other"]
    try:
        found = [fields(f) for f in forms]
    except ValueError as e:
        return problems + [f"bad braces ({e})"]
    if isinstance(m.string, tuple):
        need = get_plural(lang).num_plurals
        if len(forms) != need:
            problems.append(f"{len(forms)} plural forms; {lang}'s rule needs {need}")
        allowed, full = fields(english.id), fields(english.id[1])
        if found[-1] != full:  # the last form is CLDR's "other": it shows every value; "one" may leave the count out
            problems.append(f"placeholders {sorted(found[-1])} differ from the English {sorted(full)}")
        problems += [f"form {i} has {sorted(f - allowed)}, not in English" for i, f in enumerate(found) if f - allowed]
    elif found[0] != fields(english.id):
        problems.append(f"placeholders {sorted(found[0])} differ from the English {sorted(fields(english.id))}")
    return problems


# --- the code --------------------------------------------------------------------------------------------------


@dataclass
class Uses:
    """What the code does with keys: `keys` it names in calls and maps (each must exist), other strings that
    `mention` one, and keys `built` at run time (refused)."""

    keys: dict[str, list[str]] = field(default_factory=dict)  # key -> ["file:line", ...]
    mentions: set[str] = field(default_factory=set)
    built: list[str] = field(default_factory=list)


def code_files(root: Path = ROOT) -> list[Path]:
    files = []
    for name in CODE:
        path = root / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def _built(node: ast.AST) -> bool:
    """A string made at run time: an f-string, a sum or %, a .format() call."""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def _strings(node: ast.AST) -> Iterable[ast.Constant]:
    """The string constants of a literal map's values (a dict's keys are the values it maps from)."""
    if isinstance(node, ast.Dict):
        for value in node.values:
            yield from _strings(value)
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _strings(element)
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node


def _map_target(node: ast.AST) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    names = [getattr(t, "id", getattr(t, "attr", "")) for t in targets]
    return any(n.endswith(MAP_SUFFIX) for n in names) and node.value is not None


def extract(files: Iterable[Path], known: set[str], root: Path = ROOT) -> Uses:
    """The keys `files` use; `known` (the English keys) tells a map's error keys ("path.empty") from others."""
    uses = Uses()
    for path in files:
        _FileReader(path.relative_to(root), known, uses).read(ast.parse(path.read_text("utf-8"), str(path)))
    return uses


class _FileReader:
    """Adds one file's keys to `uses`."""

    def __init__(self, rel: Path, known: set[str], uses: Uses):
        self.rel, self.known, self.uses = rel, known, uses
        self.strict: set[int] = set()  # the string nodes read as keys, not as mentions

    def read(self, tree: ast.AST) -> None:
        prefixing = {id(n) for f in ast.walk(tree) if _adds_prefix(self.rel, f) for n in ast.walk(f)}
        for node in ast.walk(tree):
            if id(node) in prefixing:
                continue
            where = f"{self.rel}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name in KEY_CALLS:
                    self.use(node.args[0], "", where)
                elif name == ERROR_CALL and isinstance(node.func, ast.Attribute) and _is_text(node.args[0]):
                    self.use(node.args[0], "error.", where)
            elif _map_target(node) and any(_is_key(c.value, self.known) for c in _strings(node.value)):
                for const in _strings(node.value):  # a map of keys (CURVE_KEYS, of record fields, is none)
                    self.use(const, "", where)
                built = [n for n in ast.walk(node.value) if isinstance(n, ast.JoinedStr)]
                self.uses.built += [f"{where}: {ast.unparse(n)}" for n in built]
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in self.strict:
                self.uses.mentions.update(k for k in (node.value, f"error.{node.value}") if k in self.known)

    def use(self, node: ast.AST, prefix: str, where: str) -> None:
        if _built(node):
            self.uses.built.append(f"{where}: {ast.unparse(node)}")
        elif isinstance(node, ast.IfExp):
            self.use(node.body, prefix, where)
            self.use(node.orelse, prefix, where)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.strict.add(id(node))
            key = prefix + node.value
            if not prefix and key not in self.known and f"error.{key}" in self.known:
                key = f"error.{key}"  # a map of error keys, for .of()
            self.uses.keys.setdefault(key, []).append(where)


def _adds_prefix(rel: Path, node: ast.AST) -> bool:
    """HarError.of itself, the one place that turns "path.empty" into "error.path.empty"."""
    return rel.as_posix() == ERRORS and isinstance(node, ast.FunctionDef) and node.name == ERROR_CALL


def _is_key(text: str, known: set[str]) -> bool:
    return text in known or f"error.{text}" in known


def _is_text(node: ast.AST) -> bool:
    """A first argument that is (or makes) a string: `SavedSplit.of(data, split)` is no error's key."""
    return _built(node) or isinstance(node, ast.IfExp) or isinstance(node, ast.Constant) and isinstance(node.value, str)


def usage_problems(english: set[str], uses: Uses) -> list[str]:
    problems = [f"{w}: a key built at run time; write a literal map (NAME{MAP_SUFFIX} = {{...}})" for w in uses.built]
    for key, where in sorted(uses.keys.items()):
        if key not in english:
            problems.append(f"{where[0]}: {key!r} is in no catalog")
    unused = english - uses.keys.keys() - uses.mentions
    problems += [f"{key}: in the catalogs but used nowhere (obsolete)" for key in sorted(unused)]
    return problems


def problems(root: Path = ROOT) -> list[str]:
    catalogs = read_catalogs(root / "har" / "locale")
    english = {k for c in catalogs.get(ENGLISH, {}).values() for k in entries(c)}
    return catalog_problems(catalogs) + usage_problems(english, extract(code_files(root), english, root))


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    catalogs = read_catalogs()
    counts = ", ".join(f"{lang} {sum(len(entries(c)) for c in d.values())}" for lang, d in sorted(catalogs.items()))
    print(f"catalogs: {counts} entries; {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
