"""The tree is the architecture: the bottom floors import nothing above them, each package's
docstring names every module it holds, and no hand-written module grows past one job's size."""

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


def imported_rooms(path: Path) -> set[str]:
    """The rooms of nrs_codec that ``path`` imports (Python, or Cython by its import lines)."""
    depth = len(path.relative_to(PACKAGE).parts) - 1  # packages between nrs_codec and the file
    rooms = set()
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                names = (node.module or "").split(".") if node.module else [a.name for a in node.names]
                if node.level == depth + 1 and names[0]:
                    rooms.add(names[0])
                elif node.level <= depth:
                    rooms.add(path.relative_to(PACKAGE).parts[0])
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if module and module.startswith("nrs_codec."):
                    rooms.add(module.split(".")[1])
        return rooms
    for dots, module in re.findall(r"^\s*(?:from|cimport)\s+(\.+)([\w.]*)", path.read_text(), re.M):
        if len(dots) == depth + 1 and module:
            rooms.add(module.split(".")[0])
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
