"""Searching people by name, ID number and phone, with bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest

from web.org.models import Person


def _results(client, unit, q):
    return client.get(f"/staff/units/{unit.pk}/people/", {"q": q}).content.decode()


@pytest.mark.parametrize(
    ("q", "found", "not_found"),
    [
        ("王", "王芳", "李强"),  # one character of a name
        ("王芳", "王芳", "李强"),
        ("510104198001012343", "李强", "王芳"),  # full ID number
        ("5101041980010123", "李强", "王芳"),  # ID prefix
        ("2343", "李强", "王芳"),  # last four of the ID number
        ("13800000001", "王芳", "李强"),  # phone
        ("0002", "李强", "王芳"),  # end of a phone
    ],
)
def test_search_finds_by_name_id_number_or_phone(world, client_for, q, found, not_found):
    page = _results(client_for(world.organiser), world.community_a, q)
    assert found in page and not_found not in page


def test_htmx_search_returns_only_the_results_partial(world, client_for):
    response = client_for(world.organiser).get(
        f"/staff/units/{world.community_a.pk}/people/", {"q": "王"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "王芳" in body and "<html" not in body and 'id="people-table"' in body


def test_people_list_uses_a_bounded_number_of_queries(world, client_for, django_assert_max_num_queries):
    unit = world.grid_a2
    people = [
        Person(
            name=f"测试{i}",
            id_number=f"5101041990{i:08d}",
            gender="M",
            birth_date=dt.date(1990, 1, 1),
            unit=unit,
            unit_path=unit.path,
        )
        for i in range(120)
    ]
    Person.objects.bulk_create(people)
    c = client_for(world.organiser)
    for size in (1, 120):
        with django_assert_max_num_queries(12):
            response = c.get(f"/staff/units/{world.community_a.pk}/people/", {"page": 1 if size == 1 else 2})
        assert response.status_code == 200


def test_a_page_number_out_of_range_shows_the_last_page(world, client_for):
    response = client_for(world.organiser).get(f"/staff/units/{world.community_a.pk}/people/", {"page": "999"})
    assert response.status_code == 200
    response = client_for(world.organiser).get(f"/staff/units/{world.community_a.pk}/people/", {"page": "abc"})
    assert response.status_code == 200
