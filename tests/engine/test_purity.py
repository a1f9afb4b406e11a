"""The counting engine imports nothing from Django, the web app or Ninja (beside the import-linter contract)."""

from __future__ import annotations

import ast
from pathlib import Path

import jiceng

FORBIDDEN = ("django", "web", "ninja")


def imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            names.extend(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return names


def test_no_module_of_the_engine_imports_django_web_or_ninja() -> None:
    root = Path(jiceng.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) >= 7
    offenders = [
        f"{path.relative_to(root)}: {name}"
        for path in files
        for name in imported_modules(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_the_walker_sees_every_kind_of_import() -> None:
    tree = ast.parse("import django.db\nfrom web.org import models\nimportlib.import_module('ninja')\n")
    assert imported_modules(tree) == ["django.db", "web.org", "ninja"]
