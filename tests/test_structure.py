"""The shape of the code, as the design asks for it: the folder list is the pipeline.

- no module imports a module that imports it back (directly or around a loop);
- the library never imports the command line;
- every subpackage says in its docstring what lives there;
- the rules are typed through and through (no ``type: ignore``);
- a command-line function stays short: options in, one library call, output out.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "stfolio"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(path: Path, known: set[str]) -> set[str]:
    """The stfolio modules ``path`` imports, at the top or inside functions (not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("stfolio"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in known else node.module)
    return found & known


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    cycles = []
    for start in sorted(graph):
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, route = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    cycles.append(" -> ".join([*route, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*route, nxt]))
    return cycles


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        "a -> b -> c -> a",
        "b -> c -> a -> b",
        "c -> a -> b -> c",
    ]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_is_read_from_the_code() -> None:
    graph = _graph()
    assert "stfolio.context" in graph["stfolio.rules.time"]
    assert "stfolio.rules" in graph["stfolio.write.record"]  # a lazy import inside a function counts too
    assert "stfolio.rules" not in graph["stfolio.cli.output"]  # for type checking only


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    assert _cycles(_graph()) == []


def test_the_library_never_imports_the_command_line() -> None:
    offenders = [
        f"{name} imports {target}"
        for name, targets in _graph().items()
        if not name.startswith("stfolio.cli") and name != "stfolio.main"
        for target in targets
        if target.startswith("stfolio.cli")
    ]
    assert offenders == []


def test_every_subpackage_says_what_lives_there() -> None:
    for init in PACKAGE.rglob("__init__.py"):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 80, init


def test_the_rules_need_no_type_ignore() -> None:
    for path in (PACKAGE / "rules").rglob("*.py"):
        assert "type: ignore" not in path.read_text(encoding="utf-8"), path


def test_command_line_functions_are_short() -> None:
    long = []
    for path in (PACKAGE / "cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 40:
                    long.append(f"{path.name}:{node.name} {length} lines")
    assert long == []
