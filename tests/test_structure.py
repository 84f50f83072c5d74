"""The shape of the package (issue 17): no import circles, no module over 600 lines, no engine
that asks which language it reads (`lang == "zh"`), every table and language where the
registries say.

The import graph counts every import of a module, at its top or inside a function, under
TYPE_CHECKING too: a circle of lazy imports is still two modules that cannot be understood, or
split, apart."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
MAX_LINES = 600
# The engines: the modules that read text. None of them may ask which language it reads.
ENGINES = ("ingest", "layout", "segment", "text", "extract", "language", "tables.py", "runner.py")
LANG_TEST = re.compile(
    r"""\blang\s*(?:==|!=)|(?:==|!=)\s*["'](?:zh|en|fr)["']|\blang\s+(?:not\s+)?in\s*[("\[]"""
)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The pipeline module an import of `name` loads (`pipeline.a.b`, or its package)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(path: Path, known: dict[str, Path], root: Path = ROOT) -> set[str]:
    """The pipeline modules a module imports, wherever the import statement stands."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # `from pipeline.a import b` loads pipeline.a.b where b is a module
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for name in names:
            if name.startswith("pipeline") and (target := resolve(name, known)) and target != here:
                out.add(target)
    return out


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(path, known) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_there_are_no_import_circles():
    assert circles(graph()) == []


def test_the_circle_finder_finds_circles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(edges) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_relative_and_lazy_imports_count(tmp_path):
    known = {"pipeline": tmp_path, "pipeline.a": tmp_path, "pipeline.a.b": tmp_path}
    (tmp_path / "pipeline" / "a").mkdir(parents=True)
    source = tmp_path / "pipeline" / "a" / "c.py"
    source.write_text(
        "def f():\n    from pipeline.a import b\n    import pipeline\n"
        "if TYPE_CHECKING:\n    from .b import x\n",
        encoding="utf-8",
    )
    assert imports_of(source, known, tmp_path) == {"pipeline.a.b", "pipeline"}


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_over_600_lines(name):
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


def engine_files() -> list[Path]:
    out = []
    for entry in ENGINES:
        path = PACKAGE / entry
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return out


def test_no_engine_asks_which_language_it_reads():
    """Engines read profile fields (pipeline.language), never the language's code."""
    found = [
        f"{path.relative_to(ROOT)}:{k}: {line.strip()}"
        for path in engine_files()
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LANG_TEST.search(line.split("#")[0])
    ]
    assert found == []


def test_the_language_test_sees_a_branch():
    assert LANG_TEST.search('if lang == "zh":')
    assert LANG_TEST.search("sep = ' ' if self.lang != 'en' else ''")
    assert LANG_TEST.search('if lang not in ("zh", "en"):')
    assert not LANG_TEST.search("if p.spaced:")
