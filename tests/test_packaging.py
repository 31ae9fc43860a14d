"""The files that describe the package to others agree with it: server.json, manifest.json, the example config."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from zoho_desk_mcp import __version__
from zoho_desk_mcp.config import ENV_KEYS

ROOT = Path(__file__).resolve().parents[1]


def load(name: str) -> Any:
    return json.loads((ROOT / name).read_text())


def project_field(name: str) -> str:
    """A top-level string of [project] in pyproject.toml (tomllib is 3.11+; the package supports 3.10)."""
    match = re.search(rf'^{name} = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    assert match, name
    return match.group(1)


def test_every_version_is_the_packages_version() -> None:
    server, manifest = load("server.json"), load("manifest.json")
    versions = {__version__, server["version"], server["packages"][0]["version"], manifest["version"]}
    assert versions == {project_field("version")}


def test_server_json_names_the_pypi_package_and_the_readmes_mcp_name() -> None:
    server = load("server.json")
    package = server["packages"][0]
    assert package["registryType"] == "pypi" and package["identifier"] == project_field("name")
    assert package["transport"] == {"type": "stdio"}
    assert len(server["description"]) <= 100
    assert f"<!-- mcp-name: {server['name']} -->" in (ROOT / "README.md").read_text()


def test_every_environment_variable_they_set_is_one_the_server_reads() -> None:
    server_env = {entry["name"] for entry in load("server.json")["packages"][0]["environmentVariables"]}
    manifest_env = set(load("manifest.json")["server"]["mcp_config"]["env"])
    desktop = load("claude_desktop_config.example.json")["mcpServers"].values()
    desktop_env = {name for entry in desktop for name in entry.get("env", {})}
    assert server_env | manifest_env | desktop_env <= set(ENV_KEYS)


def test_the_bundle_asks_for_every_setting_it_passes_on() -> None:
    manifest = load("manifest.json")
    used = set(re.findall(r"\$\{user_config\.(\w+)\}", json.dumps(manifest["server"])))
    assert used == set(manifest["user_config"])
