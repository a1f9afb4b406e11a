"""Who sees what: every staff page × every persona (STYLE.md personas)."""

from __future__ import annotations

import pytest

from web.org.idnumbers import masked

# (url template, persona → expected status). Outsider → 404: the object is not revealed.
# The observer is a grid worker of grid A1: sees that grid's subtree only.
PAGES = [
    (
        "/staff/units/{community_a}/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/units/{grid_a1}/",
        {"organiser": 200, "member": 200, "observer": 200, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/units/{community_a}/people/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/tree/{community_a}/children/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/people/{person_a}/",
        {"organiser": 200, "member": 200, "observer": 200, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/people/{person_a2}/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/people/{person_a}/edit/",
        {"organiser": 200, "member": 403, "observer": 403, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/households/{household_a}/",
        {"organiser": 200, "member": 200, "observer": 200, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/units/{community_a}/party/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/party/{branch_a}/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/units/{community_a}/bodies/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/bodies/{body_a}/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/audit/person/{person_a}/",
        {"organiser": 200, "member": 200, "observer": 200, "outsider": 404, "street_staff": 200},
    ),
    (
        "/staff/audit/unit/{community_a}/",
        {"organiser": 200, "member": 200, "observer": 404, "outsider": 404, "street_staff": 200},
    ),
]


def _fill(template: str, world) -> str:
    ids = {
        name: getattr(world, name).pk
        for name in ["community_a", "grid_a1", "person_a", "person_a2", "household_a", "branch_a", "body_a"]
    }
    return template.format(**ids)


@pytest.mark.parametrize(("template", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_persona_sees_what_their_roles_allow(world, client_for, template, expected):
    url = _fill(template, world)
    for persona, status in expected.items():
        response = client_for(getattr(world, persona)).get(url)
        assert response.status_code == status, f"{persona} GET {url}"


@pytest.mark.parametrize(("template", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_is_sent_to_sign_in(world, client, template, expected):
    response = client.get(_fill(template, world))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unknown_ids_are_404_not_500(world, client_for):
    c = client_for(world.street_staff)
    for url in [
        "/staff/units/999999/",
        "/staff/people/999999/",
        "/staff/audit/person/999999/",
        "/staff/audit/ballot/1/",
        "/staff/bodies/999999/",
        "/staff/party/999999/",
    ]:
        assert c.get(url).status_code == 404, url


def test_people_search_never_leaks_another_community(world, client_for):
    link = f"/staff/people/{world.person_b.pk}/"
    response = client_for(world.organiser).get(f"/staff/units/{world.community_a.pk}/people/", {"q": "张伟"})
    assert link not in response.content.decode()
    # asking for the street from community A's staff is refused outright
    assert client_for(world.organiser).get(f"/staff/units/{world.street.pk}/people/").status_code == 404
    response = client_for(world.street_staff).get(f"/staff/units/{world.street.pk}/people/", {"q": "张伟"})
    assert link in response.content.decode()


def test_unit_tree_starts_at_the_users_units(world, client_for):
    page = client_for(world.organiser).get("/staff/").content.decode()
    assert "和平社区" in page and "红星社区" not in page and "春熙街道" not in page
    page = client_for(world.street_staff).get("/staff/").content.decode()
    assert "春熙街道" in page


def test_read_only_roles_see_masked_id_numbers(world, client_for):
    full = world.person_a.id_number
    assert full in client_for(world.organiser).get(f"/staff/people/{world.person_a.pk}/").content.decode()
    page = client_for(world.member).get(f"/staff/people/{world.person_a.pk}/").content.decode()
    assert full not in page and masked(full) in page


def test_a_resident_without_a_staff_role_sees_no_roster(world, client_for, django_user_model):
    from web.org.models import Role

    resident = django_user_model.objects.create_user(username="resident", password="x" * 12)
    Role.objects.create(user=resident, unit=world.community_a, kind="resident")
    c = client_for(resident)
    assert c.get(f"/staff/units/{world.community_a.pk}/").status_code == 404
    home = c.get("/staff/").content.decode()
    assert "我负责的单位" not in home and "现在没有等您处理的事情" in home
