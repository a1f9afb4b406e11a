"""Numbers are ASCII digits: every numeric form field, every hand-parsed field, phone numbers.

``str.isdigit`` is true for ``²``, ``２`` and ``٣`` and ``int("²")`` raises: each such field
was a 500 (an anonymous caster, tellers) or took a number nobody could read back.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

import web
from web.common.numbers import NUMERIC_FIELDS, ascii_int, has_other_digits

OTHER_DIGITS = ["²", "２", "٣", "１２", "2０26-01-01", "12³"]
ROOT = Path(settings.BASE_DIR)


def _every_form_class() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(web.__path__, "web."):
        if not any(part in info.name for part in (".tests", ".migrations", ".management")):
            importlib.import_module(info.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("web."):
                found.add(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


NUMERIC = [
    (f"{cls.__module__}.{cls.__qualname__}.{name}", field)
    for cls in _every_form_class()
    for name, field in cls.base_fields.items()
    if isinstance(field, NUMERIC_FIELDS)
]


def test_the_walk_finds_the_numeric_fields():
    names = {n for n, _f in NUMERIC}
    assert len(NUMERIC) >= 15
    assert "web.org.forms.PersonForm.birth_date" in names and "web.meetings.forms.PollForm.seats" in names


@pytest.mark.parametrize("name", [n for n, _f in NUMERIC])
def test_every_numeric_form_field_refuses_other_digits_with_a_sentence(name):
    field = dict(NUMERIC)[name]
    for text in OTHER_DIGITS:
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(text)
        assert refused.value.code == "unicode_digits" and "半角" in refused.value.messages[0], (name, text)


def _guarded_by_isascii(tree: ast.AST) -> set[int]:
    """``x.isdigit`` nodes in ``x.isascii() and x.isdigit()``: that pair is an ASCII check."""
    guarded = set()
    for op in ast.walk(tree):
        if isinstance(op, ast.BoolOp) and isinstance(op.op, ast.And):
            ascii_of = {
                ast.unparse(v.func.value)
                for v in op.values
                if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "isascii"
            }
            for v in op.values:
                if (
                    isinstance(v, ast.Call)
                    and isinstance(v.func, ast.Attribute)
                    and v.func.attr == "isdigit"
                    and ast.unparse(v.func.value) in ascii_of
                ):
                    guarded.add(id(v.func))
    return guarded


def test_no_code_reads_a_number_with_isdigit():
    """``isdigit``/``isdecimal``/``isnumeric`` say yes to ``²``: numbers go through web.common.numbers."""
    offences = []
    for path in (ROOT / "web").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel == "web/common/numbers.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        guarded = _guarded_by_isascii(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("isdigit", "isdecimal", "isnumeric"):
                if id(node) not in guarded:
                    offences.append(f"{rel}:{node.lineno}")
    assert offences == []


@pytest.mark.parametrize("text", OTHER_DIGITS)
def test_other_digits_are_not_numbers(text):
    assert ascii_int(text) is None and has_other_digits(text)


def test_ascii_digits_are():
    assert (ascii_int(" 42 "), ascii_int("007"), ascii_int(""), ascii_int(None), ascii_int("-1")) == (
        42,
        7,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("poll", ["²", "２", "٣", "1²"])
def test_an_anonymous_caster_gets_a_sentence_not_a_500(client, world, poll):
    response = client.post("/vote/cast", {"poll": poll, "code": "AAAABBBBCCCCDDDD"})
    assert response.status_code == 403


@pytest.mark.parametrize("row", ["²", "٣", "１"])
def test_a_teller_totals_row_numbered_in_other_digits_is_ignored_not_a_500(world, row):
    from web.common.tests.test_text import _election
    from web.meetings import handcount
    from web.meetings.errors import MeetingError

    poll = _election(world, ["王芳"])
    data = {"returned": "1", f"writein-name-{row}": "赵六", f"writein-votes-{row}": "1"}
    assert handcount.clean_totals(poll, data)["write_ins"] == {}
    assert handcount.form_values(poll, data=data)
    with pytest.raises(MeetingError, match="整数"):
        handcount.clean_totals(poll, {"returned": "２"})


@pytest.mark.parametrize("phone", ["１３８００００００１１", "1380000001²", "138٠٠٠٠٠٠١١"])
def test_phone_numbers_are_ascii_digits_on_the_page_and_in_the_api(world, client_for, phone):
    from web.api.actions import do_create_api_token
    from web.org.models import Person
    from web.org.tests.test_person_edit import _form

    person = world.person_a
    page = client_for(world.organiser).post(f"/staff/people/{person.pk}/edit/", _form(person, phone=phone))
    assert page.status_code == 200 and "手机号应为以 1 开头的 11 位数字" in page.content.decode()
    token = do_create_api_token(user=world.organiser, name="t", acting_user=world.organiser)[1]
    api = client_for(None).patch(
        f"/api/v1/people/{person.pk}",
        {"phone": phone},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 422
    assert Person.objects.get(pk=person.pk).phone == person.phone


@pytest.mark.parametrize("idn", ["51010419800101123²", "５1010419800101123X", "510104198001011٢3X"])
def test_an_id_number_in_other_digits_is_refused_with_a_sentence(idn):
    from web.org.idnumbers import check_id_number

    assert "数字" in (check_id_number(idn) or "")


def test_ballot_copies_and_election_counts_in_other_digits_are_refused(world, client_for):
    from web.elections.actions.three_ballot import _count
    from web.elections.errors import ElectionError
    from web.meetings import actions
    from web.meetings.testing import make_meeting

    poll = actions.do_create_poll(
        meeting=make_meeting(world, voters=2, probationary=0),
        title="表决",
        kind="motion",
        rules={"passes": "yes > 1/2 of present"},
        acting_user=world.organiser,
    )
    assert client_for(world.organiser).get(f"/staff/polls/{poll.pk}/ballots.pdf?copies=²").status_code == 400
    with pytest.raises(ElectionError):
        _count("２", "票数")
