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


def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(performance: float) -> dict:
    return {"categories": {c: {"score": performance if c == "performance" else 1.0}
                           for c in ("performance", "accessibility", "best-practices")}}


def test_lighthouse_runs_again_after_its_own_error_and_reports_the_median_run(monkeypatch, tmp_path):
    lighthouse = _bench_module("lighthouse")
    answers = iter([{"runtimeError": {"code": "NO_NAVSTART"}}, _report(0.96), _report(1.0), _report(0.91)])
    monkeypatch.setattr(lighthouse, "audit", lambda url, cookie, out: next(answers))
    report, runs = lighthouse.median_run("http://page", "c=1", tmp_path / "page.json")
    assert report["categories"]["performance"]["score"] == 0.96
    assert runs == ["stopped (NO_NAVSTART)", "96 / 100 / 100", "100 / 100 / 100", "91 / 100 / 100"]


def test_lighthouse_gives_up_when_no_run_finishes(monkeypatch, tmp_path):
    lighthouse = _bench_module("lighthouse")
    monkeypatch.setattr(lighthouse, "audit", lambda url, cookie, out: {"runtimeError": {"code": "NO_FCP"}})
    with pytest.raises(RuntimeError, match="NO_FCP"):
        lighthouse.median_run("http://page", "c=1", tmp_path / "page.json")


def test_the_published_output_names_no_path_of_the_machine_that_ran_it():
    run_all = _bench_module("run_all")
    import sys
    import tempfile
    text = (f'File "{BENCH / "lighthouse.py"}", line 3\n  File "{sys.base_prefix}/lib/subprocess.py"\n'
            f"--output-path={tempfile.gettempdir()}/portal-lighthouse-x/message.json")
    shown = run_all.without_paths(text)
    assert str(BENCH.parent) not in shown and sys.base_prefix not in shown and tempfile.gettempdir() not in shown
    assert 'File "./bench/lighthouse.py"' in shown and "$TMPDIR/portal-lighthouse-x" in shown
