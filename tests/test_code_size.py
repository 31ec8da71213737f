"""The house stays readable: no Python file of the project over 500 lines, no function over 120 (issue 26). A file
or function that grows past them is split by concern, as build_step was into one builder per kind of step."""

import ast
import os
from pathlib import Path

from components.core.paths import ROOT

MAX_FILE_LINES, MAX_FUNCTION_LINES = 500, 120
SKIPPED = {".venv", ".runtime", ".git", "node_modules"}


def project_files() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in SKIPPED and not d.startswith(".")]
        found += [Path(folder) / f for f in files if f.endswith(".py")]
    return sorted(found)


def test_the_project_is_scanned():
    names = {p.relative_to(ROOT).as_posix() for p in project_files()}
    assert {"app.py", "server.py", "components/presentation/story.py", "tests/test_code_size.py"} <= names


def test_no_file_over_500_lines():
    long = {
        p.relative_to(ROOT).as_posix(): n for p in project_files() if (n := p.read_text().count("\n")) > MAX_FILE_LINES
    }
    assert long == {}, long


def test_no_function_over_120_lines():
    long = {}
    for path in project_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = lines
    assert long == {}, long
