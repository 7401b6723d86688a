"""What a host installs: the container copies every part the page imports."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from loadtest.server import SERVER_ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent


def _local_packages() -> set[str]:
    """Top-level folders of this project that the page imports, directly or not."""
    local = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {
        "tests",
        "bench",
        "loadtest",
    }
    seen: set[str] = set()
    todo = [ROOT / "app.py"]
    while todo:
        tree = ast.parse(todo.pop().read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in local and top not in seen:
                    seen.add(top)
                    todo.extend((ROOT / top).rglob("*.py"))
    return seen


def _copied() -> set[str]:
    text = (ROOT / "Dockerfile").read_text()
    return {m.group(1) for m in re.finditer(r"^COPY (\S+?)/? ", text, re.MULTILINE)}


def test_the_page_imports_what_we_think():
    assert _local_packages() >= {"kitchen", "strategies", "views", "classroom", "page"}


def test_the_container_copies_every_package_the_page_imports():
    missing = _local_packages() - _copied()
    assert not missing, f"the Dockerfile does not copy {sorted(missing)}"


def test_the_container_copies_the_assets_and_the_settings():
    assert {"assets", ".streamlit", "app.py", "requirements.txt"} <= _copied()


def test_the_settings_parse_and_keep_the_classroom_defaults():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["server"]["enableXsrfProtection"] is True
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["client"]["toolbarMode"] == "viewer"


def test_every_way_of_serving_the_page_sets_the_same_environment():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") :].split("\n\n")[0]
    container = (ROOT / "Dockerfile").read_text()
    for name, value in SERVER_ENVIRONMENT.items():
        assert f"{name}={value} " in run
        assert re.search(rf"^ENV .*?\b{name}={value}\b", container, re.S | re.M)
