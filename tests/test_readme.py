"""The README's opening commands stay true: its main job runs and succeeds on the bundled example."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block and text.index(block.group(0)) < text.index("\n## "), "the README opens with a sh block"
    return block.group(1).strip().splitlines()


def test_readme_opens_with_two_commands_setup_and_tests():
    main_job, tests = opening_commands()
    assert main_job.startswith("python3 -m venv .venv && ") and "pip install '.[preflight]'" in main_job
    assert tests.endswith("pip install '.[test]' && pytest")


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
