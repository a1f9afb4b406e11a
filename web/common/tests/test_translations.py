"""Every user-facing string is translatable, and the English catalogue covers all of them.

- Templates: Chinese text sits inside ``{% translate %}`` / ``{% blocktranslate %}``.
- Python: a Chinese string literal is an argument of a gettext call. Exempt: docstrings and
  comments (for engineers), management commands (bilingual console output), the API's error
  table and the error pages' table (they carry both languages themselves), demo data, tests.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

ROOT = Path(settings.BASE_DIR)
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
GETTEXT_CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
    "npgettext",
}
PY_EXEMPT = (
    "/tests/",
    "/migrations/",
    "/management/commands/",
    "/demo/",
    "web/org/testing.py",
    "web/cases/testing.py",
    "web/reps/testing.py",
    "web/points/testing.py",
    "web/studios/testing.py",
    "web/congress/testing.py",
    "web/proposals/testing.py",
    "web/appraisals/testing.py",
    "web/appraisals/department_testing.py",
    "web/appraisals/two_way_testing.py",
    "web/recommendations/testing.py",
    "web/inspections/testing.py",
    "web/meetings/testing.py",
    "web/demo/meetings.py",
    "web/demo/elections.py",
    "web/demo/deliberation.py",
    "web/demo/commitments.py",
    "web/common/views.py",
    "web/api/errors.py",
    "web/meetings/verify.py",  # its lines are the verify_polls command's output, in both languages
    "web/audit/verify.py",
    "web/audit/anchors.py",  # verify_audit's output, in both languages
    "web/settings.py",  # settings: LANGUAGES names each language in itself
    "web/org/transfer/",
    "web/reps/fields.py",  # words matched in the catalogue's Chinese category names, never shown
    "web/inspections/records.py",  # the published draw records speak Chinese: names in the format
)  # the roster file speaks Chinese: its sheet and column names are the format


def _template_offences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"{#.*?#}|{% comment %}.*?{% endcomment %}", "", text, flags=re.S)
    offences, depth = [], 0
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0] if token.contents.split() else ""
            if word in ("blocktranslate", "blocktrans"):
                depth += 1
            elif word in ("endblocktranslate", "endblocktrans"):
                depth -= 1
        elif token.token_type == TokenType.TEXT and depth == 0 and CJK.search(token.contents):
            offences.append(f"{path.relative_to(ROOT)}:{token.lineno}: {token.contents.strip()[:40]!r}")
    return offences


def test_templates_have_no_untranslatable_chinese():
    offences = [
        o for p in sorted(ROOT.glob("**/templates/**/*.html")) if ".venv" not in p.parts for o in _template_offences(p)
    ]
    assert offences == []


def _python_offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in GETTEXT_CALLS:
                allowed.update(id(n) for arg in node.args for n in ast.walk(arg))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                allowed.add(id(body[0].value))
    rel = path.relative_to(ROOT)
    return [
        f"{rel}:{n.lineno}: {n.value[:40]!r}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CJK.search(n.value) and id(n) not in allowed
    ]


def test_python_user_strings_are_wrapped_in_gettext():
    files = [
        p
        for p in sorted((ROOT / "web").rglob("*.py"))
        if not any(x in "/" + str(p.relative_to(ROOT)) for x in PY_EXEMPT)
    ]
    offences = [o for p in files for o in _python_offences(p)]
    assert offences == []
