"""Action names: one enum, refused when unknown, shown by their words."""

from __future__ import annotations

import ast
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

import web
from web.audit.actions import record, record_many
from web.audit.models import AuditEntry
from web.audit.names import Action, action_label
from web.org.actions import do_rename_unit


def test_record_refuses_a_name_that_is_not_an_action(world):
    with transaction.atomic(), pytest.raises(ValueError, match=r"unit\.renamed"):
        record(actor=world.organiser, action="unit.renamed", obj=world.community_a)
    assert not AuditEntry.objects.exists()


def test_record_many_refuses_the_whole_batch_for_one_unknown_name(world):
    entries = [
        {"actor": world.organiser, "action": Action.UNIT_UPDATE, "obj": world.community_a},
        {"actor": world.organiser, "action": "unit.rename", "obj": world.community_b},
    ]
    with transaction.atomic(), pytest.raises(ValueError, match=r"unit\.rename"):
        record_many(entries)
    assert not AuditEntry.objects.exists()


def test_a_known_name_given_as_a_string_is_stored_as_the_plain_value(world):
    with transaction.atomic():
        entry = record(actor=world.organiser, action="poll.open", obj=world.community_a)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "poll.open" and type(stored.action) is str
    assert stored.hash == stored.compute_hash()


def test_every_name_is_dotted_and_has_words_in_both_languages():
    for action in Action:
        assert "." in action.value and action.value == action.value.lower(), action
        with translation.override("zh-hans"):
            chinese = str(action.label)
        with translation.override("en"):
            english = str(action.label)
        assert chinese != english, f"{action.value} has no English translation of {chinese}"


def test_an_unknown_stored_name_is_shown_as_it_is():
    assert action_label("something.older") == "something.older"
    with translation.override("zh-hans"):
        assert action_label("meeting.open") == "开始会议"


def test_the_trail_page_shows_the_words_not_the_name(world, client_for):
    do_rename_unit(unit=world.community_a, name="和平社区（新）", acting_user=world.organiser)
    page = client_for(world.organiser).get(f"/staff/audit/unit/{world.community_a.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    shown = re.sub(r'value="[^"]*"', "", html)  # the action filter's choices carry the name as their value
    assert page.status_code == 200 and "修改单位" in shown and "unit.update" not in shown


def _web_sources() -> list[tuple[Path, ast.Module]]:
    """Every source file of web/, parsed in a thread of its own: after the browser tests' greenlets
    have switched stacks in this process, CPython 3.11's parser can find the calling thread's
    recursion count off and refuse with a SystemError; a new thread starts from a clean count."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_parse_web).result()


def _parse_web() -> list[tuple[Path, ast.Module]]:
    root = Path(web.__file__).parent
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(root.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(root).parts) and path.name != "names.py"
    ]


def test_every_name_is_written_by_some_code():
    """A name nothing writes is a name left behind (or a typo on both sides)."""
    used: set[str] = set()
    for _path, tree in _web_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Action":
                used.add(Action[node.attr].value)
            elif isinstance(node, ast.Constant) and node.value in Action.values:
                used.add(node.value)
    assert not set(Action.values) - used, f"names no code writes: {sorted(set(Action.values) - used)}"


def test_record_calls_name_their_action_with_the_enum():
    root = Path(web.__file__).parent.parent
    found = []
    for path, tree in _web_sources():
        where = str(path.relative_to(root))
        for node in ast.walk(tree):
            literal = None
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "record",
                "record_many",
                "_record_under_units",
            ):
                literal = next((k.value for k in node.keywords if k.arg == "action"), None)
            elif isinstance(node, ast.Dict):
                literal = next(
                    (v for k, v in zip(node.keys, node.values, strict=True) if getattr(k, "value", None) == "action"),
                    None,
                )
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                found.append(f"{where}:{node.lineno} {literal.value}")
    assert not found, f"an action named by a bare string instead of web.audit.names.Action: {found}"
