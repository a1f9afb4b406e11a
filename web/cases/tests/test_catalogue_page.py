"""The catalogue page: the current version in words, an edit or an addition publishing the next
version, the versions with what changed, and the escalation rules, all for street staff only."""

from __future__ import annotations

from django.urls import reverse

from web.audit.models import AuditEntry
from web.audit.names import Action
from web.cases.models import Catalogue, EscalationRule


def _entry_post(**change: object) -> dict[str, object]:
    row = {
        "service_code": "litter",
        "name": "楼道杂物堆放",
        "group": "help",
        "description": "",
        "keywords": "杂物 楼道",
        "level": "0",
        "duty": "",
        "grid_ok": "on",
        "sign_within": "1",
        "reply_within": "3",
        "note": "放宽时限",
    }
    return {**row, **change}


def test_street_staff_read_the_catalogue_in_words(cw, client_for):
    page = client_for(cw.org.street_staff).get(reverse("cases:catalogue"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "生活垃圾清运不及时" in text and "春熙街道环卫所" in text  # the duty by its office's name
    assert "13 个工作日" in text and "24 小时" in text
    assert "首个版本，共 5 类。" in text
    assert (
        client_for(cw.org.street_staff)
        .get(reverse("cases:catalogue") + "?q=停水")
        .context["entries"]
        .page.object_list[0]
        .service_code
        == "water_cut"
    )
    # community staff keep no catalogue
    r = client_for(cw.org.organiser).get(reverse("cases:catalogue"))
    assert r.status_code == 403 and "派单目录由街道、乡镇或区的工作人员维护。" in r.content.decode()


def test_editing_an_entry_publishes_the_next_version(cw, client_for):
    c = client_for(cw.org.street_staff)
    url = reverse("cases:entry_edit", args=[cw.org.street.pk, "litter"])
    assert c.get(url).status_code == 200
    r = c.post(url, _entry_post(reply_within="4"))
    assert r.status_code == 302
    latest = Catalogue.objects.filter(unit=cw.org.street).order_by("-version").first()
    assert latest.version == 2 and latest.entries.get(service_code="litter").reply_within == 4
    assert latest.entries.count() == 5
    text = c.get(reverse("cases:catalogue")).content.decode()
    assert "修改：楼道杂物堆放" in text and "放宽时限" in text
    # a refusal comes back as a sentence
    r = c.post(url, _entry_post(reply_within="4", sign_within="9"))
    assert r.status_code == 422


def test_adding_an_entry(cw, client_for):
    c = client_for(cw.org.street_staff)
    url = reverse("cases:entry_add", args=[cw.org.street.pk])
    r = c.post(url, _entry_post(service_code="lights", name="路灯不亮", note="新增路灯"))
    assert r.status_code == 302
    assert Catalogue.objects.filter(unit=cw.org.street).order_by("-version").first().entries.count() == 6
    r = c.post(url, _entry_post(note="再加一次"))
    assert r.status_code == 422 and "服务编码 litter 已经在目录中。" in r.content.decode()


def test_only_the_street_staff_edit(cw, client_for):
    url = reverse("cases:entry_edit", args=[cw.org.street.pk, "litter"])
    assert client_for(cw.org.organiser).post(url, _entry_post()).status_code == 403
    assert client_for(cw.dispatcher).get(url).status_code == 403
    assert (
        client_for(cw.org.street_staff).get(reverse("cases:entry_edit", args=[cw.org.street.pk, "no"])).status_code
        == 404
    )
    assert (
        client_for(cw.org.street_staff).get(reverse("cases:entry_add", args=[cw.org.community_a.pk])).status_code == 404
    )


def test_escalation_rules_are_shown_and_set(cw, client_for):
    c = client_for(cw.org.street_staff)
    url = reverse("cases:rule_set", args=[cw.org.street.pk])
    assert "退单达到 3 次：提级督办" in c.get(reverse("cases:catalogue")).content.decode()
    assert c.post(url, {"trigger": "returned", "threshold": "2"}).status_code == 302
    assert EscalationRule.objects.get(unit=cw.org.street, trigger="returned").threshold == 2
    entry = AuditEntry.objects.filter(action=Action.ESCALATION_RULE_SET).last()
    assert entry.changes == {"returned": [3, 2]}
    assert c.post(url, {"trigger": "returned", "threshold": "0"}).status_code == 302
    assert EscalationRule.objects.get(unit=cw.org.street, trigger="returned").threshold == 0  # off, not the default
    assert "退单：不因此提级" in c.get(reverse("cases:catalogue")).content.decode()
    r = c.post(url, {"trigger": "returned", "threshold": "0"})
    assert r.status_code == 422 and "这条规则没有变化。" in r.content.decode()
    assert client_for(cw.org.organiser).post(url, {"trigger": "returned", "threshold": "2"}).status_code == 403


def test_a_street_follows_each_triggers_rule_of_the_nearest_unit_that_has_one(cw, client_for):
    from web.cases.models import EscalationRule as Rule

    Rule.objects.filter(unit=cw.org.street).delete()
    Rule.objects.create(unit=cw.org.district, trigger="overdue", threshold=2)
    text = client_for(cw.org.street_staff).get(reverse("cases:catalogue")).content.decode()
    assert "逾期未办结达到 2 次：提级督办" in text and "锦江区规定" in text
    # per trigger (web.cases.escalation.Rules.for_place): nobody above keeps one for returns
    assert "退单达到 3 次：提级督办" in text and "默认" in text
    Rule.objects.create(unit=cw.org.district, trigger="returned", threshold=0)
    text = client_for(cw.org.street_staff).get(reverse("cases:catalogue")).content.decode()
    assert "退单：不因此提级" in text  # a threshold of 0 turns it off


def test_district_staff_read_and_keep_their_streets_catalogues(cw, client_for):
    from django.contrib.auth import get_user_model

    from web.org.models import Role

    district = get_user_model().objects.create_user(username="district_staff")
    Role.objects.create(user=district, unit=cw.org.district, kind=Role.Kind.ORG_STAFF)
    page = client_for(district).get(reverse("cases:catalogue"))
    assert page.status_code == 200 and page.context["unit"] == cw.org.street  # the one with a catalogue
    assert "锦江区" in page.content.decode()  # the district's own, to choose
    url = reverse("cases:entry_edit", args=[cw.org.street.pk, "litter"])
    assert client_for(district).post(url, _entry_post(reply_within="4")).status_code == 302
