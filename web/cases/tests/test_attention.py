"""The home page's sources of residents' requests: each person finds their own work, counted
exactly, each item linked to the case, in the same queries however many cases there are."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from web.cases import actions
from web.common import attention
from web.common.clock import now


def _sections(user) -> dict[str, attention.Found]:  # type: ignore[no-untyped-def]
    return {s.source.key: s.found for s in attention.gather(user, now=now())}


def test_each_person_finds_their_work(cw, take, client_for):
    new = take("noise", representative=cw.representative)
    dispatched = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    handler = _sections(cw.community_handler)
    assert handler["case_queue"].total == 1
    assert handler["case_queue"].items[0].url == f"/staff/cases/{dispatched.pk}/"
    assert "待签收" in handler["case_queue"].items[0].text
    desk = _sections(cw.dispatcher)["case_desk"]
    assert desk.total == 1 and desk.items[0].url == f"/staff/cases/{new.pk}/"
    assert _sections(cw.org.observer)["case_grid"].total == 2
    assert "case_represented" not in _sections(cw.representative)
    actions.do_dispatch_case(case=new, acting_user=cw.dispatcher)
    actions.do_sign_case(case=new, acting_user=cw.community_handler)
    actions.do_reply_case(case=new, text="已办", acting_user=cw.community_handler)
    assert _sections(cw.representative)["case_represented"].total == 1
    actions.do_rate_office(
        case=new, office=cw.community_a, attitude=5, speed=5, style=5, satisfaction=5, acting_user=cw.representative
    )
    assert "case_represented" not in _sections(cw.representative)
    assert "case_queue" not in _sections(cw.outside_handler) or _sections(cw.outside_handler)["case_queue"].total == 0
    pages = {i.url for i in _sections(cw.org.street_staff)["case_pages"].items}
    assert pages == {"/staff/cases/area/", "/staff/cases/catalogue/", "/staff/cases/new/", "/requests/mine/"}
    rep_pages = {i.url for i in _sections(cw.representative)["case_pages"].items}
    assert {"/staff/cases/new/", "/staff/cases/new/card/", "/requests/mine/"} <= rep_pages
    # a resident with no role: their own requests, nothing to enter for others
    from django.contrib.auth import get_user_model

    resident = get_user_model().objects.create_user(username="resident_x", person=cw.org.person_a2)
    assert {i.url for i in _sections(resident)["case_pages"].items} == {"/requests/mine/"}
    home = client_for(cw.dispatcher).get("/staff/").content.decode()
    assert 'id="home-case_desk"' in home and "/staff/cases/desk/" in home


def test_the_sources_read_in_the_same_queries_for_many_cases(cw, take):
    def queries(user) -> int:  # type: ignore[no-untyped-def]
        fresh = get_user_model().objects.get(pk=user.pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as q:
            _sections(fresh)
        return len(q.captured_queries)

    people = [cw.dispatcher, cw.community_handler, cw.org.observer]
    for _ in range(attention.LIMIT + 1):  # more than a section lists: its count is read
        actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
        take("noise")
    before = [queries(p) for p in people]
    for _ in range(attention.LIMIT + 1):
        actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
        take("noise")
    assert [queries(p) for p in people] == before
    found = _sections(cw.dispatcher)["case_desk"]
    assert found.total == 2 * (attention.LIMIT + 1) and found.more == "/staff/cases/desk/"
