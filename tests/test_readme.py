"""The README and the documentation stay true: every shell command and Python snippet in them runs
as pasted, with the real clock, a value a snippet's comment shows is the value it gives, and the
documentation site builds with warnings as errors.

Each page's fenced blocks run in order in a scratch directory that holds ``examples/`` (the paths
the pages name), with ``nrs-codec`` on the PATH. A line that starts ``nrs-codec serve`` starts a real
server on a free port, and the page's later ``localhost:8000`` requests go to it. Commands the test
does not run are declared below with the reason, never skipped silently.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Command prefixes not run here, and why.
NOT_RUN = {
    "python3 -m venv ": "the opening set-up lines: CI (.ci/run) runs them on a fresh clone; the "
    "preflight at the end of the first is run by test_readme_main_job_succeeds_on_the_bundled_example",
    "pip install ": "installs packages: the test environment already has every extra the pages name",
    "python benchmarks/": "benchmarks run for minutes and report figures (benchmarks/README.md)",
    "npm ": "the browser engine's npm tools, run in nrs_codec/web by tests/web (node --test, tsc)",
    "cd nrs_codec/web && ": "the browser engine's benchmark (benchmarks/bench_js.mjs) runs for minutes",
}
# Fenced block languages that are not commands, and why.
NOT_CODE = {
    "text": "what a command prints",
    "nginx": "a configuration file for another program",
    "html": "a page's markup: examples/embed.html is that page, tested in a browser (tests/web)",
}
LANGUAGES = {"sh", "python", "js", *NOT_CODE}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    language: str
    code: str

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for m in re.finditer(r"^```([^\n`]*)\n(.*?)^```$", text, re.S | re.M):
        line = text.count("\n", 0, m.start()) + 1
        found.append(Block(page, line, m.group(1).strip(), m.group(2)))
    return found


def opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block and text.index(block.group(0)) < text.index("\n## "), "the README opens with a sh block"
    return block.group(1).strip().splitlines()


def test_readme_opens_with_two_commands_setup_and_tests():
    main_job, tests = opening_commands()
    assert main_job.startswith("python3 -m venv .venv && ") and "pip install '.[preflight]'" in main_job
    assert tests.endswith("pip install '.[test]' && pytest")
    # The main job must not depend on the day it is run: no fixed "now", no dated request.
    assert "--at" not in main_job and "request.json" in main_job


def test_readme_main_job_succeeds_on_the_bundled_example():
    main_job = opening_commands()[0].rsplit(" && ", 1)[1]
    argv = shlex.split(main_job)
    assert argv[0] == "nrs-codec"
    # Run outside the checkout, so the installed package is the one under test; the example
    # files are named as the README names them, from the checkout's root.
    args = [str(ROOT / a) if (ROOT / a).is_file() else a for a in argv[1:]]
    r = subprocess.run(
        [sys.executable, "-m", "nrs_codec.cli", *args],
        cwd=ROOT / "tests",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "accepted" in r.stdout


def test_readme_shows_what_the_main_job_prints():
    """The output the README shows under its opening commands is the command's (the time it was
    run aside; a line ending in "..." is cut there)."""
    shown = next(b for b in blocks(ROOT / "README.md") if b.language == "text").code.splitlines()
    argv = shlex.split(opening_commands()[0].rsplit(" && ", 1)[1])[1:]
    args = [str(ROOT / a) if (ROOT / a).is_file() else a for a in argv]
    r = subprocess.run(
        [sys.executable, "-m", "nrs_codec.cli", *args], cwd=ROOT / "tests", capture_output=True, text=True
    )
    printed = r.stdout.replace(str(ROOT) + "/", "").splitlines()
    # The warnings depend on the hour (quiet hours in France and Colombia): their count may differ.
    before, _, after = re.split(r"(\d+ warnings?)", shown[0], maxsplit=1)
    head = re.escape(before) + r"\d+ warnings?" + re.escape(after)
    assert re.fullmatch(head, printed[0]), (shown[0], printed[0])
    for line in shown[1:]:
        if line.strip() == "...":
            continue
        if line.startswith("  send at "):
            assert any(p.startswith("  send at ") for p in printed)
        elif line.endswith("..."):
            assert any(p.startswith(line.removesuffix("...")) for p in printed), line
        else:
            assert line in printed, line


def test_every_block_is_code_the_test_runs_or_declared_not_code():
    for page in PAGES:
        for b in blocks(page):
            assert b.language in LANGUAGES, f"{b.name}: a ``` block needs a language ({sorted(LANGUAGES)})"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A scratch directory with ``examples/`` and an ``nrs-codec`` command on the PATH that runs
    the package under test (installed in CI, the checkout with PYTHONPATH in development)."""
    work = tmp_path_factory.mktemp("pages")
    (work / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    bin_dir = work / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "nrs-codec"
    # A script, not ``python -m``: the scratch directory (the current one) stays off sys.path.
    # Guarded as pip's entry-point scripts are: a Dask LocalCluster's worker processes (--dask local)
    # import the script that started them, which must not run the command again.
    shim.write_text(
        f"#!{sys.executable}\nimport sys\nfrom nrs_codec.cli import main\n"
        "if __name__ == '__main__':\n    sys.exit(main())\n"
    )
    shim.chmod(0o755)
    return work


def _env(work: Path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``nrs-codec serve`` as a page starts it, on a free port, until the page is done."""

    def __init__(self, command: str, work: Path):
        self.port = _free_port()
        argv = shlex.split(command.removesuffix("&").strip()) + ["--port", str(self.port)]
        self.proc = subprocess.Popen(
            argv, cwd=work, env=_env(work), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                if self.proc.poll() is not None:
                    raise AssertionError(f"{command!r} exited: {self.proc.stderr.read()}") from None
                if time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"{command!r} did not answer /healthz") from None
                time.sleep(0.2)

    def rewrite(self, line: str) -> str:
        return re.sub(r"\b(localhost|127\.0\.0\.1):8000\b", f"127.0.0.1:{self.port}", line)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _commands(code: str) -> list[str]:
    """The block's commands: comments dropped, backslash continuations joined."""
    joined = code.replace("\\\n", " ")
    lines = (line.strip() for line in joined.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _run_shell(block: Block, command: str, work: Path) -> None:
    r = subprocess.run(
        ["bash", "-c", command], cwd=work, env=_env(work), capture_output=True, text=True, timeout=180
    )
    where = f"{block.name}: {command}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    # 1 is the documented "the input has errors" (a rejected request, rows with errors); 2 and
    # beyond are usage errors or crashes.
    assert r.returncode in (0, 1), where
    assert "Traceback" not in r.stderr, where
    if command.startswith("curl "):  # an answer, not an error ({"error": {...}} at the top level)
        assert "error" not in json.loads(r.stdout), where
    if re.search(r"preflight examples/request\.json\b", command):
        assert r.returncode == 0 and re.search(r"accepted|\"ok\": true", r.stdout), where


def _shown_value(comment: str) -> str | None:
    """The Python literal a comment starts with (``(3, 0): Portuguese locking``), or None for prose."""
    for candidate in (comment, comment.split("  ")[0], comment.split(": ")[0], comment.split(" (")[0]):
        try:
            ast.literal_eval(candidate.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        return candidate.strip()
    return None


def checked(code: str) -> str:
    """The snippet with each top-level ``EXPRESSION  # VALUE`` line turned into an assertion that
    the expression gives the value the comment shows (comments that are prose stay comments)."""
    out = []
    for line in code.splitlines():
        expression, sep, comment = line.partition("  # ")
        value = _shown_value(comment) if sep and not line.startswith((" ", "#")) else None
        try:
            statement = ast.parse(expression).body if value else []
        except SyntaxError:
            statement = []
        if len(statement) == 1 and isinstance(statement[0], ast.Expr):
            line = f"assert ({expression}) == ({value}), ({expression!r}, {expression})"
        out.append(line)
    return "\n".join(out) + "\n"


def test_snippet_comments_that_show_a_value_are_checked():
    code = checked("a = (3, 0)\na  # (3, 0): Portuguese locking\nprint(a)  # prose, not a value\n")
    assert "assert (a) == ((3, 0))" in code and "print(a)  # prose" in code


def _run_python(block: Block, work: Path) -> None:
    script = work / f"snippet_{block.page.stem}_{block.line}.py"
    script.write_text(checked(block.code), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, str(script)], cwd=work, env=_env(work), capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 0, f"{block.name}\n{block.code}\n{r.stderr[-4000:]}"


def checked_js(code: str) -> str:
    """A JavaScript snippet as an ES module importing the checkout's nrs-codec.js, each top-level
    ``EXPRESSION;  // VALUE`` line (a JavaScript literal) an assertion that the expression gives it."""
    module = (ROOT / "nrs_codec" / "web" / "nrs-codec.js").as_uri()
    out = ['import { deepStrictEqual as _equal } from "node:assert";']
    for line in code.replace('"./nrs-codec.js"', json.dumps(module)).splitlines():
        m = re.fullmatch(r"(\S.*?);\s+// (.*)", line)
        value = m.group(2).strip().split("  ")[0].split(": ")[0] if m else ""
        if value and not value[0].isalpha():
            line = f"_equal({m.group(1)}, {value}, {json.dumps(line)});"
        out.append(line)
    return "\n".join(out) + "\n"


def _run_js(block: Block, work: Path) -> None:
    from _node import node_path

    script = work / f"snippet_{block.page.stem}_{block.line}.mjs"
    script.write_text(checked_js(block.code), encoding="utf-8")
    r = subprocess.run([node_path(), str(script)], cwd=work, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, f"{block.name}\n{block.code}\n{r.stderr[-4000:]}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_command_and_snippet_runs_as_pasted(page, workdir):
    server: Server | None = None
    ran = declared = 0
    try:
        for block in blocks(page):
            if block.language == "python":
                _run_python(block, workdir)
                ran += 1
            elif block.language == "js":
                _run_js(block, workdir)
                ran += 1
            elif block.language == "sh":
                for command in _commands(block.code):
                    reason = next((why for p, why in NOT_RUN.items() if command.startswith(p)), None)
                    if reason:
                        declared += 1
                        continue
                    if command.startswith("nrs-codec serve"):
                        assert server is None, f"{block.name}: one server per page"
                        server = Server(command, workdir)
                    else:
                        _run_shell(block, server.rewrite(command) if server else command, workdir)
                    ran += 1
    finally:
        if server is not None:
            server.stop()
    code = [b for b in blocks(page) if b.language in ("python", "sh")]
    assert ran + declared or not code, f"{page.name}: code blocks but nothing ran"


def test_each_declared_exception_is_used_and_no_nrs_codec_command_is_skipped():
    """The list of commands not run does not rot, and never hides one of the project's own."""
    used = set()
    for page in PAGES:
        for block in blocks(page):
            if block.language == "sh":
                used |= {p for c in _commands(block.code) for p in NOT_RUN if c.startswith(p)}
    assert used == set(NOT_RUN)
    assert not any(p.startswith("nrs-codec") for p in NOT_RUN)


def test_documentation_site_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("mkdocs", reason="needs the docs tools: pip install '.[docs]'")
    pytest.importorskip("mkdocstrings", reason="needs the docs tools: pip install '.[docs]'")
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", tmp_path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "index.html").is_file() and (tmp_path / "analysis" / "index.html").is_file()
    # The API reference comes from the docstrings.
    assert "Suggestion" in (tmp_path / "analysis" / "index.html").read_text(encoding="utf-8")
