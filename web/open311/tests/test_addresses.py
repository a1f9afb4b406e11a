"""Every address under ``/open311/`` (generated from the URL configuration, so a new one cannot
be missed), asked by every persona of the access table: Open311 is public to read, and answers
everyone alike; HEAD is answered wherever GET is."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.test_url_access import PERSONAS, _names, personas  # noqa: F401  (fixture)

ANSWERS = {
    "open311:discovery": 200,
    "open311:services": 200,
    "open311:service": 200,
    "open311:requests": 200,
    "open311:request": 200,
    "open311:token": 200,
    "open311:not_found": 404,
}


def test_every_open311_address_is_in_the_table():
    assert {n for n in _names(get_resolver().url_patterns) if n.startswith("open311:")} == set(ANSWERS)


@pytest.fixture
def addresses(cw, post):  # type: ignore[no-untyped-def]
    from web.cases.models import Case

    post()
    case = Case.objects.get()
    kwargs = {
        "open311:service": {"code": "noise"},
        "open311:request": {"request_id": case.pk},
        "open311:token": {"token": case.token},
        "open311:not_found": {"rest": "v2/elsewhere"},
    }
    return {
        name: reverse(name, kwargs={**kwargs.get(name, {}), **({} if name == "open311:not_found" else {"fmt": fmt})})
        for name in ANSWERS
        for fmt in ("json",)
    }


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_everyone_reads_open311_alike(personas, client_for, addresses, name):  # noqa: F811
    got = {p: client_for(personas[p]).get(addresses[name]).status_code for p in PERSONAS}
    assert got == dict.fromkeys(PERSONAS, ANSWERS[name])
    head = client_for(None).head(addresses[name])
    assert head.status_code == ANSWERS[name] and head.content == b""
