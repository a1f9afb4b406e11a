"""POST, GET one, GET by token and GET a list of requests: round trips in both formats, the
anonymised reading, the default window (90 days, 1,000 requests), the paging extension, the
filters, ``extensions=true`` and the finer state in words."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from web.audit.models import AuditEntry
from web.audit.names import Action
from web.cases import actions
from web.cases.models import Case
from web.common.testing import local_at


def rows(response):  # type: ignore[no-untyped-def]
    """The requests of an answer, as dicts of text (XML) or values (JSON)."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    root = ElementTree.fromstring(response.content)
    return [{child.tag: child.text for child in request} for request in root]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_post_then_read_back_by_token_then_by_id(client, cw, post, fmt):
    created = post(fmt)
    assert created.status_code == 200
    (answer,) = rows(created)
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}  # realtime: the id, no token
    number = answer["service_request_id"]
    case = Case.objects.get(pk=number)
    assert (case.channel, case.service_code, case.state) == ("open311", "noise", "received")
    assert case.unit == cw.org.building_a1
    assert (case.requester_name, case.requester_phone, case.taken_by) == ("王芳", "13800000001", cw.org.street_staff)
    from web.open311.models import ApiKey

    assert ApiKey.objects.get().last_used_at == case.received_at
    entry = AuditEntry.objects.filter(action=Action.CASE_TAKE).get()
    assert (entry.object_id, entry.actor_id) == (str(case.pk), cw.org.street_staff.pk)

    (by_token,) = rows(client.get(f"/open311/v2/tokens/{case.token}.{fmt}"))
    assert by_token == {"service_request_id": number, "token": case.token}
    (read,) = rows(client.get(f"/open311/v2/requests/{number}.{fmt}"))
    assert read["service_request_id"] == number
    assert (read["status"], read["service_code"], read["service_name"]) == ("open", "noise", "邻里噪音纠纷")
    assert read["description"] == "楼上每晚十一点后装修，噪音很大。"
    assert read["requested_datetime"] == "2026-03-02T09:00:00+08:00"
    assert read["agency_responsible"] == "和平社区居委会"
    assert read["status_notes"] == "已受理，等待和平社区居委会派单。"


def test_the_account_id_sent_comes_back(post):
    assert rows(post(account_id="wx-123"))[0]["account_id"] == "wx-123"


def test_a_read_never_shows_the_requester_or_the_exact_place(client, post):
    """Name, phone, street address and building stay inside Jiceng; the position is rough and a
    number typed into the description is masked."""
    number = rows(
        post(
            address_id=None,
            address_string="和平路1号1栋101室 和平社区第一网格",
            description="漏水很严重，请打 138 0000 0001 或 13800000001 找我，身份证 510104198001011234。",
            lat="30.657401",
            long="104.065735",
        )
    )[0]["service_request_id"]
    for fmt in ("xml", "json"):
        for url in ("/open311/v2/requests", f"/open311/v2/requests/{number}"):
            text = client.get(f"{url}.{fmt}?extensions=true").content.decode()
            for secret in ("王芳", "芳", "13800000001", "138 0000 0001", "510104198001011234", "和平路", "1栋", "101"):
                assert secret not in text, (url, fmt, secret)
            assert "30.66" in text and "104.07" in text and "30.657401" not in text
    (read,) = rows(client.get(f"/open311/v2/requests/{number}.json"))
    assert (read["address"], read["address_id"]) == ("和平社区第一网格, 和平社区", "C1G1")
    case = Case.objects.get(pk=number)
    assert case.address == "和平路1号1栋101室 和平社区第一网格" and case.unit.code == "C1G1B1"  # kept, for staff


def test_html_is_stripped_and_4000_characters_is_the_limit(client, post):
    assert post(description="<b>井盖</b>丢了<script>x</script>").status_code == 200
    assert Case.objects.get().description == "井盖丢了x"
    assert post(description="井" * 4000).status_code == 200
    before = (Case.objects.count(), AuditEntry.objects.count())
    refused = post(description="井" * 4001)
    assert refused.status_code == 400
    assert json.loads(refused.content)[0]["code"] == 400
    assert "4000" in json.loads(refused.content)[0]["description"]
    assert (Case.objects.count(), AuditEntry.objects.count()) == before  # nothing half-written


def test_the_place_by_address_string(post):
    """The most specific community, grid or building the words name, unless that is ambiguous."""
    assert post(address_id=None, address_string="和平社区第二网格 3号楼").status_code == 200
    assert Case.objects.latest("id").unit.code == "C1G2"
    assert post(address_id=None, address_string="和平社区第一网格1栋").status_code == 200
    assert Case.objects.latest("id").unit.code == "C1G1B1"
    assert post(address_id=None, address_string="红星社区").status_code == 200
    assert Case.objects.latest("id").unit.code == "C2"


def test_the_place_by_address_id_and_the_position_kept(post):
    assert post(address_id="C1G2", lat="30.6574", long="104.0657").status_code == 200
    case = Case.objects.get()
    assert (case.unit.code, str(case.lat), str(case.long)) == ("C1G2", "30.657400", "104.065700")


# ---- the list ---------------------------------------------------------------------------


def _cases_at(post, clock, days_ago):  # type: ignore[no-untyped-def]
    """One request posted ``days_ago`` days before 2026-06-01 for each number; the clock ends there."""
    import datetime as dt

    end = local_at("2026-06-01", 9)
    made = {}
    for n in days_ago:
        clock.now_at = end - dt.timedelta(days=n)
        made[n] = rows(post())[0]["service_request_id"]
    clock.now_at = end
    return made


def test_the_list_covers_the_last_90_days_by_default(client, clock, post):
    made = _cases_at(post, clock, [120, 91, 89, 10, 0])
    got = [r["service_request_id"] for r in rows(client.get("/open311/v2/requests.json"))]
    assert got == [made[0], made[10], made[89]]  # the latest first
    since = client.get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-03-03T00:00:00%2B08:00")
    assert [r["service_request_id"] for r in rows(since)] == [made[91], made[120]]
    only_start = client.get("/open311/v2/requests.json?start_date=2026-02-01")  # …and 90 days on
    assert [r["service_request_id"] for r in rows(only_start)] == [made[89], made[91], made[120]]
    only_end = client.get("/open311/v2/requests.json?end_date=2026-03-04")  # …and 90 days back
    assert [r["service_request_id"] for r in rows(only_end)] == [made[89], made[91], made[120]]


def test_service_request_id_overrides_every_other_filter(client, clock, post):
    made = _cases_at(post, clock, [200, 5, 1])
    asked = f"{made[200]},{made[1]}"
    got = rows(client.get(f"/open311/v2/requests.xml?service_request_id={asked}&status=closed&service_code=rubbish"))
    assert sorted(r["service_request_id"] for r in got) == sorted([made[200], made[1]])


def test_filters_by_service_code_and_status(client, cw, post):
    noise = rows(post())[0]["service_request_id"]
    litter = rows(post(service_code="litter"))[0]["service_request_id"]
    rubbish = rows(post(service_code="rubbish"))[0]["service_request_id"]
    case = Case.objects.get(pk=litter)
    d, h = cw.dispatcher, cw.grid_handler
    case = actions.do_dispatch_case(case=case, acting_user=d)
    case = actions.do_sign_case(case=case, acting_user=h)
    case = actions.do_reply_case(case=case, text="已清理", acting_user=h)
    actions.do_visit_case(case=case, method="phone", satisfaction=5, solved=True, acting_user=d)
    actions.do_close_case(case=Case.objects.get(pk=litter), acting_user=d)

    def ids(query: str) -> list[str]:
        return sorted(r["service_request_id"] for r in rows(client.get(f"/open311/v2/requests.json?{query}")))

    assert ids("service_code=noise,rubbish") == sorted([noise, rubbish])
    assert ids("status=closed") == [litter]
    assert ids("status=open") == sorted([noise, rubbish])
    assert ids("status=open,closed") == sorted([noise, litter, rubbish])
    assert ids("service_code=litter&status=open") == []
    assert ids("service_code=no_such_code") == []


@pytest.fixture
def thousand_and_one(cw, post):  # type: ignore[no-untyped-def]
    """1,001 requests in the window, copied from one posted (the copies differ in time)."""
    import datetime as dt

    from web.cases import codes

    first = Case.objects.get(pk=rows(post())[0]["service_request_id"])
    copies = []
    for n in range(1000):
        copy = Case.objects.get(pk=first.pk)
        copy.pk = None
        copy.received_at = first.received_at - dt.timedelta(minutes=n + 1)
        copy.token, copy.code_hash = codes.new_token(), codes.code_hash(f"X{n}")
        copies.append(copy)
    Case.objects.bulk_create(copies)
    return list(Case.objects.order_by("-received_at", "-id").values_list("pk", flat=True))


def test_the_list_stops_at_the_first_1000_and_pages_on(client, thousand_and_one):
    everything = [str(pk) for pk in thousand_and_one]
    assert len(everything) == 1001
    first = rows(client.get("/open311/v2/requests.json"))
    assert [r["service_request_id"] for r in first] == everything[:1000]
    second = rows(client.get("/open311/v2/requests.xml?page=2"))
    assert [r["service_request_id"] for r in second] == everything[1000:]
    small = rows(client.get("/open311/v2/requests.json?page=3&page_size=10"))
    assert [r["service_request_id"] for r in small] == everything[20:30]
    assert rows(client.get("/open311/v2/requests.json?page=200&page_size=10")) == []


def test_the_list_asks_a_bounded_number_of_questions(client, thousand_and_one, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the jurisdiction, then one query for the page
        assert len(rows(client.get("/open311/v2/requests.json?extensions=true"))) == 1000


# ---- the finer state, and the extension ---------------------------------------------------


def test_the_state_in_words_and_the_extended_attributes(client, cw, post, clock):
    number = rows(post())[0]["service_request_id"]
    d, h = cw.dispatcher, cw.community_handler

    def read() -> dict:
        return rows(client.get(f"/open311/v2/requests/{number}.json?extensions=true"))[0]

    case = actions.do_dispatch_case(case=Case.objects.get(pk=number), acting_user=d)
    assert read()["status_notes"] == "已派给和平社区居委会，等待签收。"
    assert read()["expected_datetime"] == "2026-03-09T23:59:59+08:00"  # five working days: the reply deadline
    case = actions.do_return_case(case=case, reason_code="unclear", reason="看不懂", acting_user=h)
    assert read()["status_notes"] == "和平社区居委会已退单，等待派单员审核后重新派单。"
    case = actions.do_send_back_case(case=case, reason="写得清楚", acting_user=d)
    case = actions.do_sign_case(case=case, acting_user=h)
    case = actions.do_extend_case(case=case, days=2, reason="等物业", acting_user=h)
    assert read()["status_notes"] == "和平社区居委会正在办理。 已延期办理。"
    case = actions.do_reply_case(case=case, text="已协调", acting_user=h)
    actions.do_visit_case(case=case, method="phone", satisfaction=2, solved=False, acting_user=d)
    assert read()["status_notes"] == "和平社区居委会正在办理。 已延期办理。 回访不满意，已重办 1 次。"
    clock.advance(days=30)
    extended = read()["extended_attributes"]
    assert extended["overdue"] is True and extended["redos"] == 1 and extended["returns"] == 1
    case = actions.do_reply_case(case=Case.objects.get(pk=number), text="已重新协调", acting_user=h)
    actions.do_visit_case(case=case, method="phone", satisfaction=4, solved=True, acting_user=d)
    actions.do_close_case(case=Case.objects.get(pk=number), acting_user=d)
    got = read()
    assert (got["status"], got["status_notes"]) == ("closed", "已办结。")
    assert got["updated_datetime"] == "2026-04-01T09:00:00+08:00"
    extended = got["extended_attributes"]
    assert (extended["satisfaction"], extended["satisfaction_name"], extended["solved"]) == (4, "满意", True)
    assert (extended["level"], extended["level_name"], extended["escalations"]) == (1, "社区（村）", 0)
    assert extended["channel"] == "open311" and extended["extended"] is True
    assert "extended_attributes" not in rows(client.get(f"/open311/v2/requests/{number}.json"))[0]


def test_the_words_follow_the_language_asked_for(client, post):
    number = rows(post())[0]["service_request_id"]
    got = rows(client.get(f"/open311/v2/requests/{number}.json", headers={"Accept-Language": "en"}))[0]
    assert got["status_notes"] == "Received; waiting for 和平社区居委会 to dispatch it."  # a name is data
    assert "signed for within 1 working day, handled and answered within 5 working days." in got["service_notice"]


def test_an_escalated_or_merged_case_says_so(client, cw, post):
    first = rows(post())[0]["service_request_id"]
    second = rows(post())[0]["service_request_id"]
    d = cw.dispatcher
    case = actions.do_dispatch_case(case=Case.objects.get(pk=first), acting_user=d)
    actions.do_escalate_case(case=case, acting_user=d, reason="拖延")
    assert "已提级至街道（乡镇）督办。" in rows(client.get(f"/open311/v2/requests/{first}.json"))[0]["status_notes"]
    actions.do_merge_case(case=Case.objects.get(pk=second), into=Case.objects.get(pk=first), acting_user=d)
    merged = rows(client.get(f"/open311/v2/requests/{second}.json"))[0]
    assert (merged["status"], merged["status_notes"]) == ("closed", f"与诉求 {first} 重复，已并入该诉求一并办理。")
