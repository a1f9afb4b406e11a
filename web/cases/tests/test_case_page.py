"""The case page and its actions through the test client: who sees it, what each person is
offered, every action done through its form, refusals shown as sentences (never a 500), and the
actor checked on the case as it is now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from web.audit.models import AuditEntry
from web.cases import actions
from web.cases.models import Case, Rating


def _url(case: Case, action: str = "") -> str:
    return reverse("cases:act", args=[case.pk, action]) if action else reverse("cases:case", args=[case.pk])


def _offered(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {item["offer"].name for item in response.context["offers"]}


@pytest.fixture
def dispatched(cw, take):  # type: ignore[no-untyped-def]
    return actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)


def test_who_reads_the_page(cw, take, client_for):
    case = take("noise")
    org = cw.org
    seen = {
        "dispatcher": cw.dispatcher,
        "organiser": org.organiser,
        "street_staff": org.street_staff,
        "grid worker of the place": org.observer,
    }
    for who, user in seen.items():
        assert client_for(user).get(_url(case)).status_code == 200, who
    hidden = {"outsider": org.outsider, "another office": cw.outside_handler, "representative_2": cw.representative_2}
    for who, user in hidden.items():
        assert client_for(user).get(_url(case)).status_code == 404, who
    assert client_for(None).get(_url(case)).status_code == 302


def test_the_requester_contact_is_shown_only_to_those_handling_it(cw, dispatched, client_for):
    handler = client_for(cw.community_handler).get(_url(dispatched))
    assert "13800000001" in handler.content.decode()
    staff = client_for(cw.org.organiser).get(_url(dispatched))
    assert staff.status_code == 200 and "13800000001" not in staff.content.decode()
    assert "王芳" not in staff.content.decode()


def test_each_person_is_offered_exactly_what_they_may_do_now(cw, take, dispatched, client_for):
    assert _offered(client_for(cw.dispatcher).get(_url(take("noise")))) == {
        "dispatch",
        "assist",
        "escalate",
        "merge",
        "exclude",
    }
    assert _offered(client_for(cw.community_handler).get(_url(dispatched))) == {"sign", "return", "assist"}
    assert _offered(client_for(cw.org.organiser).get(_url(dispatched))) == set()
    actions.do_sign_case(case=dispatched, acting_user=cw.community_handler)
    assert _offered(client_for(cw.community_handler).get(_url(dispatched))) == {"reply", "return", "extend", "assist"}


def test_sign_then_reply_through_the_forms(cw, dispatched, client_for):
    c = client_for(cw.community_handler)
    r = c.post(_url(dispatched, "sign"), {})
    assert r.status_code == 302 and r["Location"] == _url(dispatched)
    page = c.get(_url(dispatched))
    assert "已签收，开始办理。" in page.content.decode()
    assert page.context["crumbs"][0][0] == "/staff/cases/queue/"  # the way back to the queue
    r = c.post(_url(dispatched, "reply"), {"reply-text": "已上门协调，装修改到白天。"})
    assert r.status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.state == Case.State.REPLIED and dispatched.reply == "已上门协调，装修改到白天。"
    history = c.get(_url(dispatched)).content.decode()
    assert "签收" in history and "答复" in history


def test_return_then_redispatch_to_another_office(cw, dispatched, client_for):
    r = client_for(cw.community_handler).post(
        _url(dispatched, "return"), {"return-reason_code": "not_ours", "return-reason": "这是环卫的事"}
    )
    assert r.status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.state == Case.State.RETURNED
    desk = client_for(cw.dispatcher)
    page = desk.get(_url(dispatched) + "?oq=环卫")
    choices = [label for _value, label in page.context["offers"][0]["form"].fields["office"].choices]
    assert "春熙街道环卫所" in choices
    r = desk.post(_url(dispatched, "dispatch"), {"dispatch-office": cw.sanitation.pk})
    assert r.status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.state == Case.State.DISPATCHED and dispatched.office == cw.sanitation


def test_a_refusal_shows_the_page_again_with_the_sentence(cw, dispatched, client_for):
    c = client_for(cw.community_handler)
    r = c.post(_url(dispatched, "reply"), {"reply-text": "答复"})  # not signed yet
    assert r.status_code == 409
    assert "只有已签收、办理中的诉求可以答复。" in r.content.decode()
    r = c.post(_url(dispatched, "return"), {"return-reason_code": "", "return-reason": ""})
    assert r.status_code == 422
    assert "请选择退单理由。" in r.content.decode()
    r = c.post(_url(dispatched, "return"), {"return-reason_code": "bogus", "return-reason": "x"})
    assert r.status_code == 422


def test_another_office_gets_404_and_a_reader_403(cw, dispatched, client_for):
    before = AuditEntry.objects.count()
    assert client_for(cw.outside_handler).post(_url(dispatched, "sign"), {}).status_code == 404
    r = client_for(cw.org.organiser).post(_url(dispatched, "sign"), {})
    assert r.status_code == 403 and "这件诉求不在您的单位办理。" in r.content.decode()
    assert client_for(cw.community_handler).post(_url(dispatched, "nonsense"), {}).status_code == 404
    assert client_for(cw.community_handler).get(_url(dispatched, "sign")).status_code == 405
    assert AuditEntry.objects.count() == before


def test_the_actor_is_checked_on_the_case_as_it_is_now(cw, dispatched, client_for):
    """The page was read while the case was at community A; it moved to sanitation since."""
    c = client_for(cw.community_handler)
    assert "sign" in _offered(c.get(_url(dispatched)))
    actions.do_escalate_case(case=dispatched, reason="上级督办", acting_user=cw.dispatcher)  # to the street
    r = c.post(_url(dispatched, "sign"), {})
    assert r.status_code == 403
    dispatched.refresh_from_db()
    assert dispatched.signed_at is None


def test_extend_assist_escalate_exclude_merge(cw, take, dispatched, client_for):
    h = client_for(cw.community_handler)
    h.post(_url(dispatched, "sign"), {})
    assert h.post(_url(dispatched, "extend"), {"extend-days": "2", "extend-reason": "等物业答复"}).status_code == 302
    r = h.post(_url(dispatched, "extend"), {"extend-days": "2", "extend-reason": "再等等"})
    assert r.status_code == 409 and "已经延期过一次" in r.content.decode()
    assert h.post(_url(dispatched, "assist"), {"assist-office": cw.grid_a1.pk}).status_code == 302
    r = h.post(_url(dispatched, "assist"), {"assist-office": cw.community_b.pk})
    assert r.status_code == 422  # not an office of the place
    d = client_for(cw.dispatcher)
    assert d.post(_url(dispatched, "exclude"), {"exclude-reason": "已转入诉讼"}).status_code == 302
    assert d.post(_url(dispatched, "escalate"), {"escalate-reason": "久拖不决"}).status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.escalated == 1 and dispatched.excluded == "已转入诉讼"
    page = d.get(_url(dispatched)).content.decode()
    assert "已提级到" in page and "已延期一次" in page
    duplicate = take("noise")
    assert d.post(_url(duplicate, "merge"), {"merge-into": "999999"}).status_code == 422
    assert d.post(_url(duplicate, "merge"), {"merge-into": str(dispatched.pk)}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == dispatched


def test_visit_and_close_and_close_unvisited(cw, take, dispatched, client_for):
    h, d = client_for(cw.community_handler), client_for(cw.dispatcher)
    h.post(_url(dispatched, "sign"), {})
    h.post(_url(dispatched, "reply"), {"reply-text": "已办"})
    assert _offered(d.get(_url(dispatched))) >= {"visit", "close_unvisited"}
    r = d.post(_url(dispatched, "visit"), {"visit-method": "phone", "visit-satisfaction": "9", "visit-solved": "yes"})
    assert r.status_code == 422
    r = d.post(_url(dispatched, "visit"), {"visit-method": "phone", "visit-satisfaction": "5", "visit-solved": "yes"})
    assert r.status_code == 302
    assert d.post(_url(dispatched, "close"), {}).status_code == 302
    dispatched.refresh_from_db()
    assert dispatched.state == Case.State.CLOSED and dispatched.satisfaction == 5
    other = actions.do_dispatch_case(case=take("noise"), acting_user=cw.dispatcher)
    actions.do_sign_case(case=other, acting_user=cw.community_handler)
    actions.do_reply_case(case=other, text="已办", acting_user=cw.community_handler)
    assert d.post(_url(other, "close_unvisited"), {"close_unvisited-reason": ""}).status_code == 422
    assert d.post(_url(other, "close_unvisited"), {"close_unvisited-reason": "三次电话未接"}).status_code == 302


def test_a_representative_refers_and_rates(cw, take, client_for):
    case = take("noise", representative=cw.representative)
    rep = client_for(cw.representative)
    page = rep.get(_url(case) + "?rq=rep2")
    assert _offered(page) == {"refer"}
    r = rep.post(_url(case, "refer"), {"refer-to": cw.representative_2.pk, "refer-reason": "不在我的领域"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.representative == cw.representative_2
    followed = rep.get(_url(case))  # no longer theirs to act on, still theirs to follow
    assert followed.status_code == 200 and _offered(followed) == set()
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_reply_case(case=case, text="已办", acting_user=cw.community_handler)
    rep2 = client_for(cw.representative_2)
    assert "rate" in _offered(rep2.get(_url(case)))
    scores = {"rate-attitude": "5", "rate-speed": "4", "rate-style": "5", "rate-satisfaction": "4"}
    assert rep2.post(_url(case, "rate"), {"rate-office": cw.community_a.pk, **scores}).status_code == 302
    assert Rating.objects.filter(case=case).count() == 1
    assert "rate" not in _offered(rep2.get(_url(case)))  # every office rated


def test_no_assisting_office_is_added_while_a_return_waits_for_the_dispatcher(cw, dispatched, client_for):
    """The office that returned a case no longer holds it: it is not offered 增加协办单位, and neither
    it nor anyone else adds one until the dispatcher has decided."""
    from web.cases.errors import CaseError

    returned = actions.do_return_case(
        case=dispatched, reason_code="wrong_place", reason="不在本社区", acting_user=cw.community_handler
    )
    assert "assist" not in _offered(client_for(cw.community_handler).get(_url(returned)))
    assert "assist" not in _offered(client_for(cw.dispatcher).get(_url(returned)))
    for who in (cw.community_handler, cw.dispatcher):
        with pytest.raises(CaseError) as refused:
            actions.do_add_assist(case=returned, office=cw.grid_a1, acting_user=who)
        assert refused.value.code == "returned" and "退单" in str(refused.value.message)
    assert not returned.assists.exists()
