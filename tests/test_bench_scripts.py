"""The bench scripts reach into the portal from inside functions (a benchmark imports what it measures late),
so a renamed module only shows when `make bench` runs. Every name they import from `portal` must exist."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _portal_imports() -> list[tuple[str, str, str]]:
    found = []
    for script in sorted(BENCH.glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "portal":
                found += [(script.name, node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                found += [(script.name, alias.name, "") for alias in node.names if alias.name.split(".")[0] == "portal"]
    return found


@pytest.mark.parametrize(("script", "module", "name"), _portal_imports(), ids=lambda value: value or "-")
def test_what_a_bench_script_imports_from_the_portal_exists(script, module, name):
    imported = importlib.import_module(module)
    if name:
        assert hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}"), \
            f"bench/{script}: {module} has no {name}"


def test_the_broken_import_this_guards_against_is_found():
    assert not importlib.util.find_spec("portal.demo_messages")  # the old home of the demo letters
    assert ("worst_letters.py", "portal.demo_letters", "BURGER") in _portal_imports()
