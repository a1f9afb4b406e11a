"""The calendar page through the test client: street staff add a run and remove a day; anyone
else is refused with a sentence; a bad date is told in Chinese and in English; the list is paged
and searched by year and name; the link is on street staff's home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from web.audit.models import AuditEntry
from web.common import clock
from web.workdays.models import Override
from web.workdays.queries import PER_PAGE

URL = "/staff/workdays/"
SPRING = {"first": "2027-02-06", "last": "2027-02-13", "kind": "holiday", "name": "春节"}


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_url_is_the_named_one():
    assert reverse("workdays:overrides") == URL


def test_street_staff_add_a_run_in_one_go(world, client_for):
    response = client_for(world.street_staff).post(URL, SPRING)
    assert response.status_code == 302
    assert response["Location"] == URL + "?year=2027"
    assert Override.objects.filter(name="春节").count() == 8
    page = client_for(world.street_staff).get(response["Location"])
    text = page.content.decode()
    assert "2027-02-06" in text and "2027-02-13" in text and "春节" in text


def test_one_day_needs_no_end_date(world, client_for):
    client_for(world.street_staff).post(URL, {"first": "2027-01-02", "kind": "workday", "name": "元旦调休上班"})
    assert Override.objects.get().day == dt.date(2027, 1, 2)


def test_street_staff_remove_a_day(world, client_for):
    client_for(world.street_staff).post(URL, SPRING)
    o = Override.objects.get(day="2027-02-06")
    response = client_for(world.street_staff).post(reverse("workdays:remove", args=[o.pk]))
    assert response.status_code == 302
    assert not Override.objects.filter(pk=o.pk).exists()
    assert AuditEntry.objects.filter(action="workday.override_remove", object_id=str(o.pk)).exists()


@pytest.mark.parametrize("persona", ["organiser", "member", "outsider"])
def test_staff_below_the_street_are_refused_with_a_sentence(world, client_for, persona):
    client = client_for(getattr(world, persona))
    response = client.post(URL, SPRING)
    assert response.status_code == 403
    assert "只有街道（乡镇）及以上的组织工作人员可以修改" in response.content.decode()
    assert not Override.objects.exists()
    o = Override.objects.create(
        day="2027-01-01", kind="holiday", name="元旦", created_by=world.street_staff, created_at=clock.now()
    )
    assert client.post(reverse("workdays:remove", args=[o.pk])).status_code == 403
    assert Override.objects.filter(pk=o.pk).exists()


def test_staff_below_the_street_read_the_list_without_the_form(world, client_for):
    text = client_for(world.organiser).get(URL).content.decode()
    assert "工作日历" in text
    assert 'name="first"' not in text


def test_the_refusal_in_english(world, client_for, english):
    response = client_for(world.organiser).post(URL, SPRING, HTTP_ACCEPT_LANGUAGE="en")
    assert "Only staff of a street, township or district may change it" in response.content.decode()


BAD_DATES = [
    ({"first": "2027-02-30"}, "日期无法识别", "The date is not recognised"),
    ({"first": "27/2/1"}, "日期无法识别", "The date is not recognised"),
    ({"first": "2027-02-13", "last": "2027-02-06"}, "结束日期不能早于开始日期", "The end date cannot be before"),
    ({"first": "1066-10-14"}, "日期须在 2000 年至 2100 年之间", "The date must be between 2000 and 2100"),
    ({"first": "2027-01-01", "last": "2027-03-01"}, "一次最多录入 31 天", "At most 31 days at a time"),
    ({"first": ""}, "请填写日期", "Enter a date"),
]


@pytest.mark.parametrize(("change", "zh", "en"), BAD_DATES)
def test_a_bad_date_is_told_in_chinese(world, client_for, change, zh, en):
    response = client_for(world.street_staff).post(URL, {**SPRING, **change})
    assert response.status_code == 422
    assert zh in response.content.decode()
    assert not Override.objects.exists()


@pytest.mark.parametrize(("change", "zh", "en"), BAD_DATES)
def test_a_bad_date_is_told_in_english(world, client_for, english, change, zh, en):
    response = client_for(world.street_staff).post(URL, {**SPRING, **change}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert en in response.content.decode()


def test_a_day_already_adjusted_comes_back_with_what_was_typed(world, client_for):
    client = client_for(world.street_staff)
    client.post(URL, {"first": "2027-02-10", "kind": "workday", "name": "另行调整"})
    response = client.post(URL, SPRING)
    assert response.status_code == 422
    text = response.content.decode()
    assert "这些日期已有调整：2027-02-10" in text
    assert 'value="2027-02-06"' in text
    assert Override.objects.count() == 1


def _many(world, n: int, start: dt.date, name: str) -> None:
    Override.objects.bulk_create(
        Override(
            day=start + dt.timedelta(days=i),
            kind="holiday",
            name=name,
            created_by=world.street_staff,
            created_at=clock.now(),
        )
        for i in range(n)
    )


def test_the_list_is_paged_and_the_pages_keep_the_search(world, client_for):
    _many(world, PER_PAGE + 5, dt.date(2027, 1, 1), "春节")
    _many(world, 3, dt.date(2028, 1, 1), "元旦")
    client = client_for(world.street_staff)
    first = client.get(URL, {"year": 2027}).content.decode()
    assert first.count("<tr>") - 1 == PER_PAGE
    assert "year=2027&amp;page=2" in first
    second = client.get(URL, {"year": 2027, "page": 2}).content.decode()
    assert second.count("<tr>") - 1 == 5
    assert "2028-01-01" not in second


def test_the_list_is_searched_by_year_and_name(world, client_for):
    _many(world, 2, dt.date(2027, 1, 1), "元旦")
    _many(world, 2, dt.date(2027, 10, 1), "国庆节")
    _many(world, 2, dt.date(2028, 10, 1), "国庆节")
    client = client_for(world.organiser)
    by_name = client.get(URL, {"q": "国庆"}).content.decode()
    assert "2027-10-01" in by_name and "2028-10-01" in by_name and "2027-01-01" not in by_name
    by_both = client.get(URL, {"q": "国庆", "year": "2028"}).content.decode()
    assert "2028-10-01" in by_both and "2027-10-01" not in by_both


def test_a_bad_year_in_the_search_is_told_and_the_whole_list_shown(world, client_for):
    _many(world, 1, dt.date(2027, 1, 1), "元旦")
    response = client_for(world.organiser).get(URL, {"year": "abcd"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "年份请填写四位数字" in text and "2027-01-01" in text


def test_the_link_is_on_street_staffs_home_only(world, client_for):
    assert URL in client_for(world.street_staff).get(reverse("org:home")).content.decode()
    assert URL not in client_for(world.organiser).get(reverse("org:home")).content.decode()


def test_the_page_needs_a_sign_in(client):
    assert client.get(URL).status_code == 302


def test_the_list_costs_the_same_queries_for_one_row_as_for_forty(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.street_staff)
    _many(world, 1, dt.date(2027, 1, 1), "元旦")
    client.get(URL)  # the session and the user, read once
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    _many(world, 39, dt.date(2027, 3, 1), "调整")
    with CaptureQueriesContext(connection) as forty:
        client.get(URL)
    assert len(forty) == len(one) <= 8


def test_the_packages_schedule_of_the_searched_year_is_shown_to_check_against(world, client_for):
    client = client_for(world.organiser)
    text = client.get(URL, {"year": 2026}).content.decode()
    assert "2026 年国务院办公厅的安排" in text
    assert "02-15 – 02-23" in text  # the nine days of the Spring Festival
    later = client.get(URL, {"year": 2099}).content.decode()
    assert "系统还没有收录 2099 年的安排" in later
