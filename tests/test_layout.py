"""The tree is the architecture: the bottom floors import nothing above them, no module imports
another in a circle, each package's docstring names every module it holds, and no hand-written
module grows past one job's size."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nrs_codec"
# The floors, bottom up: a module may import its own floor and those below, never one above.
BOTTOM = {"_generated", "_native", "core", "_text", "_columns"}
ABOVE_BOTTOM = {"batch", "provider", "wire", "campaign", "service", "cli", "web"}
MOST_LINES = 400  # STYLE.md: a module past ~400 lines has two jobs


def room(path: Path) -> str:
    """The first part of a module's path under nrs_codec/ (its package, or the module itself)."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[int, str | None, list[str]]]:
    """Each import of one file as (dots, module, names): Python by its syntax tree, at its top or
    inside a function (``import a.b`` is (0, "a.b", [])); Cython by its ``from`` lines."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return [
            (len(dots), module or None, [name.split()[0] for name in names.split(",") if name.strip()])
            for dots, module, names in re.findall(
                r"^\s*from\s+(\.+)([\w.]*)\s+c?import\s+([\w, ]+)", text, re.M
            )
        ]
    found: list[tuple[int, str | None, list[str]]] = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            found.append((node.level, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(0, a.name, []) for a in node.names]
    return found


def imported_rooms(path: Path) -> set[str]:
    """The rooms of nrs_codec that ``path`` imports."""
    depth = len(path.relative_to(PACKAGE).parts) - 1  # packages between nrs_codec and the file
    rooms = set()
    for level, module, names in imports(path):
        if level:
            first = module.split(".")[0] if module else names[0]
            if level == depth + 1 and first:
                rooms.add(first)
            elif level <= depth:
                rooms.add(room(path))
        elif module and module.startswith("nrs_codec."):
            rooms.add(module.split(".")[1])
    return rooms


SOURCES = sorted(
    p
    for p in PACKAGE.rglob("*")
    if p.suffix in (".py", ".pyx", ".pxi") and "_generated" not in p.parts and "__pycache__" not in p.parts
)


@pytest.mark.parametrize("path", [p for p in SOURCES if room(p) in BOTTOM], ids=str)
def test_the_bottom_floors_import_nothing_above_them(path):
    assert imported_rooms(path) & ABOVE_BOTTOM == set(), path


@pytest.mark.parametrize(
    "package", sorted(p.parent for p in PACKAGE.glob("*/__init__.py")), ids=lambda p: p.name
)
def test_each_package_docstring_names_its_modules(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    modules = [p.stem for p in package.glob("*.py") if p.stem != "__init__" and p.stem != "__main__"]
    if package.name in ("_generated", "_native", "cli", "service"):
        # Generated data, the one extension (its .pyx says how it is split), and the two front
        # ends, whose modules are one per sub-command or route family: no listing to keep.
        return
    missing = [m for m in modules if f"``{m}``" not in doc]
    assert not missing, f"{package.name}/__init__.py does not name {missing}"


@pytest.mark.parametrize("path", SOURCES, ids=str)
def test_no_hand_written_module_has_two_jobs_worth_of_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by job"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The modules of nrs_codec that ``path`` imports, at its top or inside a function; a name
    imported from a package counts as its module when it is one, else as the package itself. A
    .pyx is read with the .pxi files it includes."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = imports(path)
    if path.suffix == ".pyx":
        found += [i for pxi in sorted(path.parent.glob("*.pxi")) for i in imports(pxi)]
    out = set()
    for level, module, names in found:
        base = package.split(".")[: len(package.split(".")) - level + 1] if level else []
        target = ".".join(base + ([module] if module else []))
        submodules = {f"{target}.{name}" for name in names} & modules
        out |= submodules
        if target in modules and len(submodules) < len(names) or not names:
            out.add(target)
    return (out & modules) - {here}


def test_no_module_imports_another_in_a_circle():
    paths = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".pyx") and "__pycache__" not in p.parts]
    modules = {module_name(p) for p in paths}
    graph = {module_name(p): imported_modules(p, modules) for p in paths}
    assert "nrs_codec.core.codes" in graph["nrs_codec._native.engine"]  # the walk sees Cython's imports
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph[module]):
            assert state.get(other) != 1, " -> ".join([*path[path.index(other) :], other])
            if other not in state:
                walk(other, [*path, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
