"""Editing a person: works, validates in Chinese, rejects what it must, writes an audit entry."""

from __future__ import annotations

from web.audit.models import AuditEntry
from web.audit.verify import verify_chain


def _form(person, **changes):
    data = {
        "name": person.name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat(),
        "id_number": person.id_number,
        "phone": person.phone,
        "kind": person.kind,
        "unit": person.unit_id,
        "relation": person.relation,
    }
    data.update(changes)
    return data


def test_organiser_changes_a_phone_and_the_audit_log_says_who_and_what(world, client_for):
    p = world.person_a
    response = client_for(world.organiser).post(f"/staff/people/{p.pk}/edit/", _form(p, phone="13900000009"))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.phone == "13900000009"
    entry = AuditEntry.objects.get(action="person.update", object_id=str(p.pk))
    assert entry.actor == world.organiser
    assert entry.changes == {"phone": ["13800000001", "13900000009"]}
    assert verify_chain().ok
    trail = client_for(world.member).get(f"/staff/audit/person/{p.pk}/").content.decode()
    assert "13900000009" in trail and "organiser" in trail


def test_bad_values_are_refused_with_chinese_messages_and_nothing_is_saved(world, client_for):
    p = world.person_a
    c = client_for(world.organiser)
    for changes, message in [
        ({"id_number": "510104198001011237"}, "校验位错误"),
        ({"id_number": "12345"}, "应为 18 位"),
        ({"phone": "12345"}, "11 位数字"),
        ({"birth_date": "1990-02-02"}, "不一致"),
        ({"name": ""}, "这个字段是必填项"),
    ]:
        response = c.post(f"/staff/people/{p.pk}/edit/", _form(p, **changes))
        assert response.status_code == 200
        assert message in response.content.decode(), changes
    assert not AuditEntry.objects.filter(action="person.update").exists()


def test_moving_a_person_to_a_unit_one_does_not_manage_is_refused(world, client_for):
    p = world.person_a
    response = client_for(world.organiser).post(f"/staff/people/{p.pk}/edit/", _form(p, unit=world.grid_b1.pk))
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.unit == world.building_a1


def test_read_only_and_outsider_cannot_post(world, client_for):
    p = world.person_a
    assert (
        client_for(world.member).post(f"/staff/people/{p.pk}/edit/", _form(p, phone="13900000009")).status_code == 403
    )
    assert (
        client_for(world.outsider).post(f"/staff/people/{p.pk}/edit/", _form(p, phone="13900000009")).status_code == 404
    )
    p.refresh_from_db()
    assert p.phone == "13800000001"


def test_an_unchanged_form_writes_no_audit_entry(world, client_for):
    p = world.person_a
    client_for(world.organiser).post(f"/staff/people/{p.pk}/edit/", _form(p))
    assert not AuditEntry.objects.filter(action="person.update").exists()


def test_edit_rejects_other_methods(world, client_for):
    assert client_for(world.organiser).put(f"/staff/people/{world.person_a.pk}/edit/").status_code == 405
