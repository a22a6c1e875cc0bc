"""Imports only point down: core `har` <- its wings (har/lab, har/board) <- dashboard/ <- pages/ and the entry; the
benchmark `bench/` is a tool beside the product: it imports `har` (and the server's training line), nothing imports it.

Every module's imports, those inside functions included, are read with `ast`; the library is also
imported for real to show it never pulls in streamlit or playwright, and the wheel is built to show that it
holds the library alone.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAR_DIR = ROOT / "har"
ENTRY = "streamlit_app"
TOP_CLI = ("har.cli", "har.__main__")  # `har` dispatches to every wing's CLI: it sits above them
WINGS = ("har.explain", "har.lab", "har.board")  # the lab may use the explain wing (`har lab explain`)
PRODUCT = ("har", "dashboard", "pages", ENTRY)
TOOLS = ("bench",)  # beside the product: run from a checkout, never shipped, never imported by it
BENCH_MAY_USE = ("dashboard.server",)  # the server's training line, which the benchmark's probes mirror
BENCH_MEASURES = ("har.explain",)  # the one wing the benchmark times directly
BROWSER_DRIVERS = ("playwright",)


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Module name -> file for har/, dashboard/, pages/, bench/ and the entry script (a package is its __init__)."""
    found = {ENTRY: root / f"{ENTRY}.py"}
    for top in ("har", "dashboard", "pages", *TOOLS):
        for path in sorted((root / top).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every dotted name an `import`, `from ... import` or `importlib.import_module("literal")` asks for.

    `from a import b` yields `a.b`, which resolves to module a.b or, if b is a name in a, to a; relative
    imports are resolved against the importing module's package.
    """
    names = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def import_graph(files: dict[str, Path]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(edges between our own modules, outside top-level packages each module imports).

    An import names the deepest of our modules it reaches: `from har.data import x` is an edge to
    har.data (its __init__), `from har import plots` one to har.plots.
    """
    edges: dict[str, set[str]] = {m: set() for m in files}
    outside: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name in imported_names(tree, module, path.name == "__init__.py"):
            target = next((name[:i] for i in _prefix_ends(name) if name[:i] in files), None)
            if target is None:
                outside[module].add(name.split(".")[0])
            elif target != module:
                edges[module].add(target)
    return edges, outside


def _prefix_ends(name: str):
    """End indices of `name`'s dotted prefixes, longest first: "a.b.c" -> len("a.b.c"), len("a.b"), len("a")."""
    yield len(name)
    for i in range(len(name) - 1, 0, -1):
        if name[i] == ".":
            yield i


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Cycles as paths a -> b -> ... -> a: for each group of modules that import each other (Tarjan's
    strongly connected components), a shortest cycle through each member, each cycle listed once."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    cycles = {_rotated(_shortest_cycle(start, group, edges)) for group in groups for start in group}
    return sorted(list(c) for c in cycles)


def _shortest_cycle(start: str, group: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path start -> ... -> start inside a strongly connected group (breadth first)."""
    came_from: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        for nxt in sorted(edges.get(node, set()) & group):
            if nxt == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # unreachable: every member of a group has one


def _rotated(cycle: list[str]) -> tuple[str, ...]:
    """The same cycle starting at its smallest name, so a cycle found from two members is listed once."""
    ring = cycle[:-1]
    i = ring.index(min(ring))
    return (*ring[i:], *ring[:i], ring[i])


def layer_violations(edges: dict[str, set[str]], outside: dict[str, set[str]]) -> list[str]:
    """Every import that points up a layer, as "importer -> imported: why"."""

    def under(module: str, *packages: str) -> bool:
        return any(module == p or module.startswith(p + ".") for p in packages)

    found = []
    for module in sorted(edges):
        for target in sorted(edges[module] | outside[module]):
            why = None
            if under(module, *PRODUCT) and under(target, *TOOLS):
                why = "the product never imports the benchmark, a tool beside it"
            elif under(module, "har") and under(target, "streamlit", "dashboard"):
                why = "the library never imports streamlit or the dashboard"
            elif under(module, "har") and under(target, *BROWSER_DRIVERS):
                why = "the library never drives a browser"
            elif under(module, "har.explain") and under(target, "har.lab", "har.board", "har.cli"):
                why = "the explain wing imports neither another wing nor the top CLI"
            elif under(module, "har.lab") and under(target, "har.board", "har.cli"):
                why = "the lab wing imports neither the board wing nor the top CLI"
            elif under(module, "har.board") and under(target, "har.lab", "har.explain", "har.cli"):
                why = "the board wing imports neither another wing nor the top CLI"
            elif under(module, "har") and not under(module, *WINGS, *TOP_CLI) and under(target, *WINGS, "har.cli"):
                why = "the core imports no wing (har.explain, har.lab, har.board) and not the top CLI"
            elif under(module, "bench") and under(target, *WINGS, "har.cli") and not under(target, *BENCH_MEASURES):
                why = "the benchmark imports no wing but har.explain, which it times, nor the top CLI"
            elif (
                under(module, "bench")
                and under(target, "dashboard", "pages", ENTRY)
                and not under(target, *BENCH_MAY_USE)
            ):
                why = "the benchmark runs the dashboard as a server; of its modules it imports only dashboard.server"
            elif under(module, "dashboard") and under(target, "pages", ENTRY):
                why = "the dashboard package imports no page and not the entry script"
            elif under(module, "pages") and under(target, "pages", ENTRY):
                why = "a page imports the dashboard package, never another page or the entry script"
            if why:
                found.append(f"{module} -> {target}: {why}")
    return found


def test_no_import_cycles():
    edges, _ = import_graph(module_files())
    cycles = find_cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join("  " + " -> ".join(c) for c in cycles)


def test_imports_only_point_down():
    bad = layer_violations(*import_graph(module_files()))
    assert not bad, "imports that point up a layer:\n" + "\n".join("  " + b for b in bad)


def test_the_graph_sees_every_kind_of_import(tmp_path):
    """Top-level, inside a function, relative, `from package import module`, importlib with a literal."""
    for folder in ("har/lab", "dashboard", "pages"):
        (tmp_path / folder).mkdir(parents=True)
    files = {
        "streamlit_app.py": "from dashboard import app\n",
        "har/__init__.py": "",
        "har/core.py": "def f():\n    from har.lab import tools\n",
        "har/lab/__init__.py": "from .tools import x\n",
        "har/lab/tools.py": "import importlib\nimportlib.import_module('har.core')\nx = 1\n",
        "dashboard/__init__.py": "",
        "dashboard/app.py": "import streamlit as st\nfrom har import core\n",
        "pages/a.py": "from streamlit_app import app\nfrom pages import b\n",
        "pages/b.py": "from dashboard.app import st\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    edges, outside = import_graph(module_files(tmp_path))
    assert edges["har.core"] == {"har.lab.tools"}  # `from har.lab import tools` reaches the module itself
    assert edges["har.lab"] == {"har.lab.tools"}  # relative import resolved
    assert edges["har.lab.tools"] == {"har.core"}  # importlib with a literal name
    assert edges["dashboard.app"] == {"har.core"} and outside["dashboard.app"] == {"streamlit"}
    assert edges["pages.a"] == {"streamlit_app", "pages.b"} and edges["pages.b"] == {"dashboard.app"}
    assert find_cycles(edges) == [["har.core", "har.lab.tools", "har.core"]]
    assert layer_violations(edges, outside) == [
        "har.core -> har.lab.tools: the core imports no wing (har.explain, har.lab, har.board) and not the top CLI",
        "pages.a -> pages.b: a page imports the dashboard package, never another page or the entry script",
        "pages.a -> streamlit_app: a page imports the dashboard package, never another page or the entry script",
    ]


def test_the_benchmark_stands_beside_the_product():
    """The walk reads bench/ too; the product never imports it, and it imports the core and the server's line."""
    files = module_files()
    assert {"bench.harness", "bench.cli", "bench.probe"} <= set(files) and not any(
        m.startswith("har.bench") for m in files
    )
    edges = {
        "har.train": {"bench.loops"},
        "dashboard.app": {"bench.harness"},
        "pages.train": {"bench.ui"},
        ENTRY: {"bench"},
        "bench.loops": {"har.train", "har.models"},
        "bench.probe": {"dashboard.server", "har.jobs"},
        "bench.ui": {"dashboard.app", "har.lab.core", "har.cli"},
    }
    outside = dict.fromkeys(edges, set()) | {"har.plots": {"playwright"}, "bench.harness": {"playwright"}}
    assert layer_violations(edges | {"har.plots": set(), "bench.harness": set()}, outside) == [
        "bench.ui -> dashboard.app: the benchmark runs the dashboard as a server; of its modules it imports only "
        "dashboard.server",
        "bench.ui -> har.cli: the benchmark imports no wing but har.explain, which it times, nor the top CLI",
        "bench.ui -> har.lab.core: the benchmark imports no wing but har.explain, which it times, nor the top CLI",
        "dashboard.app -> bench.harness: the product never imports the benchmark, a tool beside it",
        "har.plots -> playwright: the library never drives a browser",
        "har.train -> bench.loops: the product never imports the benchmark, a tool beside it",
        "pages.train -> bench.ui: the product never imports the benchmark, a tool beside it",
        f"{ENTRY} -> bench: the product never imports the benchmark, a tool beside it",
    ]


@pytest.mark.parametrize(
    ("edges", "cycles"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
        ({"a": {"a"}}, [["a", "a"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}}, [["a", "b", "c", "a"], ["d", "e", "d"]]),
        # two ways round through x: each member's shortest cycle (y's is the long way)
        ({"x": {"y", "z"}, "y": {"z"}, "z": {"x"}}, [["x", "y", "z", "x"], ["x", "z", "x"]]),
        ({"a": {"b", "c"}, "b": {"a"}, "c": {"a"}}, [["a", "b", "a"], ["a", "c", "a"]]),  # one module, two partners
    ],
)
def test_the_cycle_finder_on_tiny_graphs(edges, cycles):
    assert find_cycles(edges) == cycles


# Imports every module of har in a fresh interpreter and reports which one first pulled in streamlit or playwright.
PROBE = r"""
import importlib, json, pkgutil, sys
import har
culprits, failed, imported = [], {}, []
for info in pkgutil.walk_packages(har.__path__, "har."):
    if info.name.rsplit(".", 1)[-1] == "__main__":  # runs the CLI when imported
        continue
    before = {"streamlit", "playwright"} & set(sys.modules)
    try:
        importlib.import_module(info.name)
    except Exception as e:
        failed[info.name] = f"{type(e).__name__}: {e}"
        continue
    imported.append(info.name)
    if {"streamlit", "playwright"} & set(sys.modules) - before:
        culprits.append(info.name)
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "playwright"))
print(json.dumps({"culprits": culprits, "failed": failed, "imported": imported, "leaked": leaked}))
"""


def test_importing_every_har_module_does_not_import_streamlit_or_playwright():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert report["culprits"] == [] and report["leaked"] == []
    # The probe really walked the package, its data subpackage included.
    for name in ("har.models", "har.train", "har.params", "har.data.store", "har.data.npz", "har.i18n"):
        assert name in report["imported"]


STREAMLIT_IMPORT = re.compile(r"^\s*(import\s+streamlit\b|from\s+streamlit\b)", re.MULTILINE)


def test_no_har_source_mentions_a_streamlit_import():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted(HAR_DIR.rglob("*.py"))
        if STREAMLIT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert STREAMLIT_IMPORT.search("def f():\n    import streamlit as st\n")
    assert STREAMLIT_IMPORT.search("from streamlit.testing.v1 import AppTest\n")
    assert not STREAMLIT_IMPORT.search("# har never imports streamlit\n")


def test_the_wheel_holds_the_library_alone(tmp_path):
    """`pip wheel` of a copy of the checkout: only har/ (and the wheel's metadata), never the benchmark, the
    dashboard, the pages or the tests, which run from a checkout."""
    source = tmp_path / "source"
    junk = (".git", "artifacts", "build", "dist", "*.egg-info", "__pycache__", ".venv", ".ruff_cache", ".pytest_cache")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*junk))
    # setuptools from this environment where it has one (no download); else pip fetches it, as an install does
    isolation = ["--no-build-isolation"] if importlib.util.find_spec("setuptools") else []
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            *isolation,
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"har"}, sorted(tops)
    assert "har/cli.py" in names and "har/data/store.py" in names and "har/lab/cli.py" in names
    assert not any("bench" in name.split("/")[:-1] for name in names)  # no benchmark folder at any depth


# --- no branch on a study's name: each study is one module of har/lab/studies (har.lab.registry) ---


def product_files(root: Path = ROOT) -> list[Path]:
    """The entry script and every module of har/, dashboard/ and pages/ (the benchmark is a tool beside them)."""
    files = [root / f"{ENTRY}.py"]
    for top in ("har", "dashboard", "pages"):
        files += sorted((root / top).rglob("*.py"))
    return [p for p in files if p.exists()]


def _names_in(node: ast.AST) -> list[str]:
    """The string constants an operand of a comparison stands for: "a", or each of ("a", "b")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def study_name_branches(files: list[Path], homes: dict[str, Path], root: Path = ROOT) -> list[str]:
    """Every comparison with a study's name (`x == "seeds"`, `x in ("seeds", "sweep")`, `case "seeds":`)
    outside that study's own module, as "path:line: name"."""
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                names = [n for operand in (node.left, *node.comparators) for n in _names_in(operand)]
            elif isinstance(node, ast.MatchValue):
                names = _names_in(node.value)
            else:
                continue
            for name in names:
                if name in homes and path.resolve() != homes[name].resolve():
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {name!r}")
    return found


def test_no_code_branches_on_a_studys_name():
    from har.lab.registry import studies

    homes = {name: Path(sys.modules[study.__module__].__file__) for name, study in studies().items()}
    assert len(homes) >= 5
    bad = study_name_branches(product_files(), homes)
    assert not bad, "comparisons with a study's name outside its module (ask the study instead):\n" + "\n".join(bad)


def test_the_study_name_rule_sees_comparisons_memberships_and_cases(tmp_path):
    (tmp_path / "har" / "lab" / "studies").mkdir(parents=True)
    (tmp_path / "pages").mkdir()
    home = tmp_path / "har" / "lab" / "studies" / "seeds.py"
    home.write_text('def f(name):\n    return name == "seeds"\n')  # its own module may
    (tmp_path / "har" / "lab" / "make.py").write_text(
        'def make(name):\n    if name == "seeds":\n        return 1\n    if "seeds" != name:\n        return 2\n'
    )
    (tmp_path / "pages" / "lab.py").write_text(
        'if section in ("seeds", "share"):\n    pass\nmatch section:\n    case "seeds":\n        pass\n'
        'if section == "share":\n    pass\nlabel = "seeds"\n'
    )
    found = study_name_branches(product_files(tmp_path), {"seeds": home}, tmp_path)
    assert found == [
        "har/lab/make.py:2: 'seeds'",
        "har/lab/make.py:4: 'seeds'",
        "pages/lab.py:1: 'seeds'",
        "pages/lab.py:4: 'seeds'",
    ]


# The rendering layer: the modules that turn values and Messages into words in a reader's language.
RENDERING = (
    "har.i18n",
    "har.plots",
    "har.tables",
    "har.board.figures",
    "har.board.table",
    "har.lab.figures",
    "har.explain.figures",
    # the command-line printers
    *TOP_CLI,
    "har.board.cli",
    "har.lab.cli",
    "har.lab.commands",
    "har.lab.file_commands",
    "har.explain.cli",
)
LANG_BUDGET = (
    1  # below the rendering layer only HarError.message(lang) renders: an error is printed or shown as it is raised
)


def lang_parameters(files: dict[str, Path]) -> list[str]:
    """Every function of har/ outside RENDERING with a parameter named `lang`."""
    found = []
    for module, path in files.items():
        if not module.startswith("har.") or module in RENDERING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                args = node.args
                if any(a.arg == "lang" for a in args.posonlyargs + args.args + args.kwonlyargs):
                    found.append(f"{module}.{getattr(node, 'name', '<lambda>')}")
    return sorted(found)


def test_the_library_returns_messages_and_only_the_rendering_layer_takes_a_language():
    found = lang_parameters(module_files())
    assert len(found) <= LANG_BUDGET, "functions that take `lang` below the rendering layer:\n" + "\n".join(found)
    assert not [f for f in found if f.startswith(("har.weights", "har.jobs", "har.backends", "har.board"))], found


def test_the_lang_rule_sees_every_kind_of_function(tmp_path):
    (tmp_path / "har").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard").mkdir()
    (tmp_path / "streamlit_app.py").write_text("")
    (tmp_path / "har" / "__init__.py").write_text("")
    (tmp_path / "har" / "core.py").write_text(
        "def a(x, lang='en'): ...\nasync def b(*, lang): ...\nc = lambda lang: lang\ndef d(language): ...\n"
    )
    (tmp_path / "har" / "plots.py").write_text("def figure(data, lang='en'): ...\n")  # the rendering layer
    assert lang_parameters(module_files(tmp_path)) == ["har.core.<lambda>", "har.core.a", "har.core.b"]


# --- the run record is read by attribute --------------------------------------------------------------------------

RECORD_KEYS = {  # the JSON keys of a run record (har/runs/record.py) that a reader would subscript
    "models", "history", "config", "dataset", "test_idx", "test_labels", "test_keys",
    "test_pred", "test_prob", "predictions", "confusion", "confusions",
}  # fmt: skip
# Other dicts that share a key with a record: (file, variable) -> what it holds.
NOT_RECORDS = {
    ("har/weights.py", "d"): "a weights file's saved split (SavedSplit.from_dict)",
    ("har/weights.py", "out"): "evaluate_weights' result",
    ("har/lab/file_commands.py", "out"): "evaluate_weights' result",
    ("dashboard/lab_results.py", "out"): "evaluate_weights' result",
    ("har/lab/saved.py", "kept"): "a lab study's finished trial as the run store keeps it",
}


def record_subscripts(root: Path = ROOT) -> list[str]:
    """Every `x["models"]`-like subscript with a run record's key outside har/runs/, as "path:line: code"."""
    files = [p for p in product_files(root) if "har/runs/" not in p.relative_to(root).as_posix()]
    files += sorted((root / "bench").rglob("*.py"))
    found = []
    for path in files:
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)):
                continue
            if node.slice.value not in RECORD_KEYS:
                continue
            if isinstance(node.value, ast.Name) and (rel, node.value.id) in NOT_RECORDS:
                continue
            found.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_raw_record_subscripts_outside_the_record_module():
    bad = record_subscripts()
    assert not bad, "a run record read as a raw dict (use its attributes, har.runs.RunRecord):\n" + "\n".join(bad)


def test_the_record_subscript_rule_sees_chains_and_spares_the_record_module(tmp_path):
    for folder in ("har/runs", "pages", "bench"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / f"{ENTRY}.py").write_text("")
    (tmp_path / "har" / "runs" / "record.py").write_text('x = d["models"]\n')
    (tmp_path / "pages" / "compare.py").write_text('n = len(r["models"]["rnn"]["history"])\nk = r.models["rnn"]\n')
    (tmp_path / "bench" / "ui.py").write_text('c = load(p)["config"]\nt = out["threads"]\n')
    assert record_subscripts(tmp_path) == [
        "pages/compare.py:1: r['models']['rnn']['history']",
        "pages/compare.py:1: r['models']",
        "bench/ui.py:1: load(p)['config']",
    ]
