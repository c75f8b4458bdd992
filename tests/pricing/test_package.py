"""The pricing package stays pure: no I/O libraries, no upward imports, examples that run."""

from __future__ import annotations

import ast
import doctest
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import pricing

SOURCE = Path(pricing.__file__).parent
MODULES = sorted(m.name for m in pkgutil.walk_packages(pricing.__path__, "pricing."))
FORBIDDEN = {
    "api",
    "inference",
    "training",
    "torch",
    "ultralytics",
    "fastapi",
    "sqlalchemy",
    "pydantic",
    "socket",
    "urllib",
    "http",
    "requests",
    "httpx",
    "sqlite3",
    "subprocess",
    "os",
    "pathlib",
    "shutil",
}


@pytest.mark.parametrize("module", MODULES)
def test_module_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("path", sorted(SOURCE.rglob("*.py")), ids=lambda p: p.name)
def test_no_io_imports_no_open_and_under_400_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 400
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"open", "print", "eval", "exec"}, f"{path.name}: {node.func.id}()"
            continue
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_public_functions_have_docstrings_with_examples() -> None:
    for name in (
        "build_estimate",
        "revise_estimate",
        "can_approve",
        "import_price_list",
        "load_sample_catalog",
        "part_from_name",
        "to_jsonable",
    ):
        doc = getattr(pricing, name).__doc__ or ""
        assert ">>>" in doc, name


def test_importing_pricing_loads_no_heavy_or_io_packages() -> None:
    code = "import sys, pricing; pricing.load_sample_catalog(); print(' '.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    )
    assert not loaded & {"torch", "numpy", "fastapi", "sqlalchemy", "pydantic", "requests", "httpx", "api"}


def test_py_typed_and_sample_data_are_in_the_package() -> None:
    assert (SOURCE / "py.typed").exists()
    assert (SOURCE / "data" / "__init__.py").exists()
    assert (SOURCE / "data" / "sample_catalog_2026.json").exists()
