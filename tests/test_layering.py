"""The package's layers import downward only (cli → server → tools → client → auth); the sandbox stands alone."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "zoho_desk_mcp"
# Each layer may import the layers listed for it (and itself); `config` is read by cli and server only.
ALLOWED: dict[str, set[str]] = {
    "cli": {"server", "tools", "client", "auth", "sandbox", "state", "config", "__init__"},
    "server": {"tools", "client", "auth", "sandbox", "state", "config", "__init__"},
    "tools": {"client", "auth", "__init__"},
    "client": {"auth", "__init__"},
    "auth": {"__init__"},
    "sandbox": set(),
    "state": set(),  # shared state for replicas (in the process or Redis): generic, imports nothing else
    "config": {"auth", "__init__"},
    "__main__": {"cli"},
    "__init__": set(),
}


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name).is_dir()


def layer_of(module: str) -> str:
    return module.split(".")[0]


def imported_layers(path: Path, package: Path = PACKAGE) -> set[str]:
    """The top-level package parts a file imports, resolving relative imports against its own location."""
    relative_parts = path.relative_to(package).with_suffix("").parts
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("zoho_desk_mcp")]
            found.update(layer_of(n.removeprefix("zoho_desk_mcp.")) for n in names if n != "zoho_desk_mcp")
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("zoho_desk_mcp"):
                    rest = node.module.removeprefix("zoho_desk_mcp").lstrip(".")
                    names = {a.name if _is_module(a.name) else "__init__" for a in node.names}
                    found.update({layer_of(rest)} if rest else names)
                continue
            base = list(relative_parts[: len(relative_parts) - node.level])
            target = base + (node.module.split(".") if node.module else [])
            if target:
                found.add(target[0])
            else:  # `from . import x` at the package root: a module, or a name from __init__
                found.update(a.name if _is_module(a.name) else "__init__" for a in node.names)
    return found


def test_every_layer_imports_only_the_layers_below_it() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        allowed = ALLOWED.get(layer, set()) | {layer}
        for imported in imported_layers(path) - allowed:
            violations.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert violations == []


def test_the_layering_check_catches_an_upward_import(tmp_path: Path) -> None:
    probe = tmp_path / "client" / "probe.py"
    probe.parent.mkdir()
    probe.write_text("from ..tools import something\nfrom zoho_desk_mcp.server import app\n", encoding="utf-8")
    assert imported_layers(probe, tmp_path) == {"tools", "server"}


def test_the_sandbox_imports_nothing_else_from_the_package() -> None:
    for path in (PACKAGE / "sandbox").rglob("*.py"):
        assert imported_layers(path) <= {"sandbox"}, path


def test_the_tool_kit_imports_no_domain_package() -> None:
    """Domains build on the kit; a kit module importing a domain would tie every tool to that domain."""
    kit = PACKAGE / "tools" / "kit"
    domains = {p.name for p in (PACKAGE / "tools").iterdir() if p.is_dir() and (p / "__init__.py").exists()} - {"kit"}
    violations = []
    for path in sorted(kit.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                base = ["tools", "kit"][: max(0, 2 - (node.level - 1))]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if len(target) > 1 and target[0] == "tools" and target[1] in domains:
                    violations.append(f"{path.name} imports tools.{target[1]}")
            elif (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("zoho_desk_mcp.tools.")
                and (node.module or "").split(".")[2] in domains
            ):
                violations.append(f"{path.name} imports {node.module}")
    assert violations == []


def test_no_module_outgrows_350_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 350
    }
    assert long == {}
