"""The shape of the code, read from its imports (every `import` and `from … import` under portal/, parsed with
`ast`, function-level ones included):

- core modules (everything in portal/ that is not a feature package or an app-level module) never import a
  feature or an app-level module, not even inside a function: features register with the core instead;
- no import cycle between modules at import time (module-level imports);
- no cycle between feature packages (and the app-level modules) counting every import, function-level too;
- every feature package is in portal.FEATURES, so create_app calls its init_app.

docs/architecture.md explains the rule. A failure names the import (file and line) or the cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import portal

PORTAL = Path(portal.__file__).parent
FEATURES = {feature.__name__ for feature in portal.FEATURES}
# Packages under portal/ that are no feature: data the core reads.
NOT_FEATURES = {"portal.migrations", "portal.demo_letters"}
# Modules that put features together, on purpose: the app factory, the demo data and delivery (a message, its
# alerts and its paper at once). Features may use them; the core may not.
APP_LEVEL = {"portal", "portal.demo", "portal.delivery"}


def read_modules(root: Path = PORTAL) -> dict[str, str]:
    """Dotted module name -> source, for every .py file under `root`."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = ["portal", *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path.read_text(encoding="utf-8")
    return modules


def _resolve(name: str, modules: dict[str, str]) -> str | None:
    """The module an imported name lives in: `portal.auth.resume` itself, or its nearest enclosing module."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _walk(node: ast.AST, top_level: bool):
    """(import node, executed at import time?) for every import below `node`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, top_level
        nested = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        type_checking = isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test)
        yield from _walk(child, top_level and not nested and not type_checking)


def imports(modules: dict[str, str]) -> list[tuple[str, str, int, bool]]:
    """(importer, imported module, line, at import time) for every import of a portal module."""
    found = []
    for name, source in modules.items():
        for node, top_level in _walk(ast.parse(source), True):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                assert not node.level, f"{name} (line {node.lineno}): write imports absolute, from portal…"
                targets = [f"{node.module}.{alias.name}" for alias in node.names]
            for target in targets:
                resolved = _resolve(target, modules) if target.startswith("portal") else None
                if resolved and resolved != name:
                    found.append((name, resolved, node.lineno, top_level))
    return found


def _is_package(name: str, modules: dict[str, str]) -> bool:
    return any(other.startswith(name + ".") for other in modules)


def feature_of(module: str) -> str | None:
    for feature in FEATURES:
        if module == feature or module.startswith(feature + "."):
            return feature
    return None


def is_core(module: str) -> bool:
    return feature_of(module) is None and module not in APP_LEVEL


def core_violations(modules: dict[str, str]) -> list[str]:
    return [f"{importer} (line {line}) imports {imported}: a core module must not import "
            f"{'a feature' if feature_of(imported) else 'an app-level module'}; let the feature register with "
            "the core in its init_app instead"
            for importer, imported, line, _ in imports(modules)
            if is_core(importer) and not is_core(imported)]


def find_cycle(edges: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle as [a, b, …, a], or None. `edges[a][b]` is the line of a's import of b."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(edges.get(node, {})):
            if state.get(target) == "open":
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def describe(cycle: list[str], edges: dict[str, dict[str, int]]) -> str:
    return " -> ".join(f"{a} (line {edges[a][b]})" for a, b in zip(cycle, cycle[1:], strict=False)) + f" -> {cycle[-1]}"


def module_edges(modules: dict[str, str]) -> dict[str, dict[str, int]]:
    edges: dict[str, dict[str, int]] = {}
    for importer, imported, line, top_level in imports(modules):
        if top_level:
            edges.setdefault(importer, {}).setdefault(imported, line)
    return edges


def package_edges(modules: dict[str, str]) -> dict[str, dict[str, int]]:
    """Between features and app-level modules, every import: 'portal.paper' -> {'portal.inbox': line}."""
    edges: dict[str, dict[str, int]] = {}
    for importer, imported, line, _ in imports(modules):
        source = feature_of(importer) or (importer if importer in APP_LEVEL else None)
        target = feature_of(imported) or (imported if imported in APP_LEVEL else None)
        if source and target and source != target:
            edges.setdefault(source, {}).setdefault(target, line)
    return edges


def test_core_modules_import_no_feature():
    violations = core_violations(read_modules())
    assert not violations, "\n".join(violations)


def test_no_import_cycle_between_modules_at_import_time():
    edges = module_edges(read_modules())
    cycle = find_cycle(edges)
    assert cycle is None, "import cycle: " + describe(cycle, edges)


def test_no_cycle_between_feature_packages_counting_every_import():
    edges = package_edges(read_modules())
    cycle = find_cycle(edges)
    assert cycle is None, "the feature packages depend on each other in a circle: " + describe(cycle, edges)


def test_every_feature_package_is_in_features_and_has_init_app():
    modules = read_modules()
    packages = {name for name in modules if name.count(".") == 1 and _is_package(name, modules)}
    assert packages - NOT_FEATURES == FEATURES
    assert all(callable(feature.init_app) for feature in portal.FEATURES)


def test_the_checks_find_what_they_are_for():
    """The checks fail on the mistakes they exist for (the same source, one import added)."""
    modules = read_modules()
    probe = "\n\ndef probe():\n    from portal.auth import resume\n"  # inside a function: still an import
    broken = {**modules, "portal.access": modules["portal.access"] + probe}
    assert any(v.startswith("portal.access (line") and "portal.auth" in v for v in core_violations(broken))
    looped = {**modules, "portal.inbox.services": "from portal.accesslog import views\n"
              + modules["portal.inbox.services"]}  # accesslog.views imports inbox.services
    cycle = find_cycle(package_edges(looped))
    assert cycle is not None and {"portal.inbox", "portal.accesslog"} <= set(cycle)
    assert find_cycle(module_edges(looped)) is not None
