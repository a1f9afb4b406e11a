"""The lists people work from: what each holds, its tabs and filters, and that it reads a page in
a bounded number of queries whatever the number of cases (no per-row reads, the count capped)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from web.cases import actions
from web.cases.models import Case
from web.org.models import Role


def _numbers(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [c.pk for c in response.context["cases"].page.object_list]


def test_the_handler_queue_tabs(cw, take, client_for, clock):
    to_sign = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    to_reply = actions.do_sign_case(
        case=actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher), acting_user=cw.community_handler
    )
    returned = actions.do_return_case(
        case=actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher),
        reason_code="unclear",
        reason="看不懂",
        acting_user=cw.community_handler,
    )
    c = client_for(cw.community_handler)
    url = reverse("cases:queue")
    assert _numbers(c.get(url)) == [to_reply.pk]
    assert _numbers(c.get(url + "?tab=sign")) == [to_sign.pk]
    assert _numbers(c.get(url + "?tab=returned")) == [returned.pk]
    assert _numbers(c.get(url + "?tab=soon")) == []
    clock.advance(days=6)
    soon = c.get(url + "?tab=soon")
    assert set(_numbers(soon)) == {to_sign.pk, to_reply.pk}
    assert "已逾期" in soon.content.decode()
    tabs = {t["key"]: t["n"] for t in soon.context["tabs"]}
    assert tabs == {"reply": 1, "sign": 1, "soon": 2, "returned": 1}
    # another office's handler sees none of it
    assert _numbers(client_for(cw.outside_handler).get(url + "?tab=sign")) == []
    # someone with no desk is told so
    assert "您不在任何承办单位任职。" in client_for(cw.org.member).get(url).content.decode()


def test_the_dispatcher_desk_and_search(cw, take, client_for):
    new = take("noise", description="小区门口路灯坏了")
    other = take("litter")
    d = client_for(cw.dispatcher)
    url = reverse("cases:desk")
    assert set(_numbers(d.get(url))) == {new.pk, other.pk}
    assert _numbers(d.get(url + "?q=路灯")) == [new.pk]
    assert _numbers(d.get(url + f"?q={other.pk}")) == [other.pk]
    assert _numbers(d.get(url + "?q=13800000001")) != []
    actions.do_dispatch_case(case=new, acting_user=cw.dispatcher)
    actions.do_return_case(case=new, reason_code="unclear", reason="x", acting_user=cw.community_handler)
    assert _numbers(d.get(url + "?tab=returned")) == [new.pk]
    # the search keeps the tab
    assert 'name="tab" value="returned"' in d.get(url + "?tab=returned").content.decode()
    assert "您不是派单员。" in client_for(cw.community_handler).get(url).content.decode()


def test_the_representative_grid_and_area_lists(cw, take, client_for):
    mine = take("noise", representative=cw.representative)
    elsewhere = take("noise", unit=cw.org.grid_a2)
    assert _numbers(client_for(cw.representative).get(reverse("cases:represented"))) == [mine.pk]
    assert _numbers(client_for(cw.org.observer).get(reverse("cases:grid"))) == [mine.pk]
    area = client_for(cw.org.street_staff)
    url = reverse("cases:area")
    assert set(_numbers(area.get(url))) == {mine.pk, elsewhere.pk}
    actions.do_dispatch_case(case=elsewhere, acting_user=cw.dispatcher)
    assert _numbers(area.get(url + f"?office={cw.community_a.pk}")) == [elsewhere.pk]
    assert _numbers(area.get(url + "?state=received")) == [mine.pk]
    assert _numbers(area.get(url + "?category=litter")) == []
    assert _numbers(area.get(url + "?overdue=yes")) == []
    assert _numbers(client_for(cw.org.outsider).get(url)) == []
    assert "您不是网格员。" in client_for(cw.org.organiser).get(reverse("cases:grid")).content.decode()


def test_a_list_reads_a_page_in_the_same_queries_for_many_cases(cw, take, client_for):
    for _ in range(3):
        take("noise")
    c = client_for(cw.dispatcher)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as q:
            assert c.get(url).status_code == 200
        return len(q.captured_queries)

    urls = [reverse("cases:desk"), reverse("cases:area")]
    before = [count(u) for u in urls]
    for _ in range(60):  # more than a page
        take("noise")
    assert [count(u) for u in urls] == before


def test_a_long_list_says_more_than(cw, take, client_for, monkeypatch):
    monkeypatch.setattr("web.cases.queries.COUNT_AT_MOST", 3)
    for _ in range(5):
        take("noise")
    page = client_for(cw.dispatcher).get(reverse("cases:area")).content.decode()
    assert "超过 3 件" in page


def test_the_lists_use_no_distinct(cw, take, client_for):
    Role.objects.create(user=cw.dispatcher, unit=cw.org.street, kind=Role.Kind.ORG_STAFF)
    take("noise")
    c = client_for(cw.dispatcher)
    for name in ("queue", "desk", "area"):
        with CaptureQueriesContext(connection) as q:
            c.get(reverse(f"cases:{name}"))
        case_reads = [x["sql"] for x in q.captured_queries if '"cases_case"' in x["sql"]]
        assert case_reads and not any("DISTINCT" in sql for sql in case_reads), name
    assert Case.objects.count() == 1


def test_the_tab_counts_are_exact_and_read_in_one_query(cw, take, client_for):
    cases = [take("noise") for _ in range(4)]
    for case in cases[:3]:
        actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    actions.do_escalate_case(case=cases[0], acting_user=cw.dispatcher, reason="久拖不决")
    actions.do_return_case(case=cases[1], reason_code="unclear", reason="x", acting_user=cw.community_handler)
    d = client_for(cw.dispatcher)
    with CaptureQueriesContext(connection) as q:
        page = d.get(reverse("cases:desk"))
    grouped = [x["sql"] for x in q.captured_queries if "GROUP BY" in x["sql"] and '"cases_case"' in x["sql"]]
    assert len(grouped) == 1 and Case.OPEN_SQL in grouped[0]
    tabs = {t["key"]: t["n"] for t in page.context["tabs"]}
    assert tabs == {"new": 1, "returned": 1, "escalated": 1, "visit": 0, "close": 0}
    for key, n in tabs.items():  # each count is its tab's list, exactly
        assert len(_numbers(d.get(reverse("cases:desk") + f"?tab={key}"))) == n
    handler = client_for(cw.community_handler).get(reverse("cases:queue"))
    assert {t["key"]: t["n"] for t in handler.context["tabs"]} == {"reply": 0, "sign": 1, "soon": 0, "returned": 1}


def test_the_desk_counts_and_the_open_requests_may_read_their_partial_indexes(cw, take):
    """SQLite uses a partial index only when the query repeats its condition with the same
    constants (a bound parameter never matches): the desk's counts and the public list of open
    requests write them out. ``INDEXED BY`` makes SQLite refuse a query the index cannot answer."""
    from web.cases import queries

    take("noise")

    def run_by(index: str, rows) -> list:  # type: ignore[no-untyped-def]
        sql, params = rows.query.sql_with_params()
        if connection.vendor == "sqlite":  # PostgreSQL proves a partial index's condition by itself
            sql = sql.replace('FROM "cases_case"', f'FROM "cases_case" INDEXED BY "{index}"', 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    counts = Case.objects.filter(queries.dispatch_scope(cw.dispatcher)).extra(where=queries.DESK_COUNTED)
    assert run_by("case_desk_tabs", counts.order_by().values("state").annotate(n=Count("id"))) == [("received", 1)]
    assert queries.desk_counts(cw.dispatcher)["new"] == 1
    assert run_by("case_desk_tabs", queries.desk(cw.dispatcher, "escalated").values_list("id")) == []
    public = queries.open_only(Case.objects.order_by("-received_at", "-id")).values_list("id")
    assert run_by("case_open", public[:20]) == list(Case.objects.filter(state__in=Case.OPEN).values_list("id"))


@given(offset=st.integers(min_value=-900, max_value=400), days_off=st.sets(st.integers(min_value=-60, max_value=60)))
@settings(max_examples=60, deadline=None)
def test_working_days_counted_once_agree_with_the_walk(offset, days_off):
    import datetime as dt

    from web.cases.queries import Counted, working_days_between
    from web.workdays.days import WorkCalendar

    today = dt.date(2026, 3, 2)
    calendar = WorkCalendar({today + dt.timedelta(days=d): d % 3 == 0 for d in days_off})
    counted = Counted(calendar, today)
    day = today + dt.timedelta(days=offset)
    start, end = (day, today) if day <= today else (today, day)
    assert counted.between(start, end) == working_days_between(calendar, start, end)
    assert counted.between(start, end) == working_days_between(calendar, start, end)  # from what it kept
