"""The staff entry for someone else: the channel by who one is and what one picks (a
representative or studio desk, a grid worker, a phone call, a paper form), the consent, the
requester found among the place's people or typed, duplicate suggestions; and the printed
documents made in the background."""

from __future__ import annotations

import pytest

from web.cases.models import Case

NEW = "/staff/cases/new/"


def _form(cw, **extra):  # type: ignore[no-untyped-def]
    w = cw.org
    data = {
        "channel": "phone",
        "service_code": "noise",
        "community": w.community_a.pk,
        "grid": w.grid_a1.pk,
        "description": "来电反映楼上装修噪音。",
        "requester_name": "赵女士",
        "requester_phone": "13900000009",
        "consent": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _channels(page: str) -> set[str]:
    select = page.split('name="channel"')[1].split("</select>")[0]
    return {part.split('"')[0] for part in select.split('value="')[1:]} - {""}


@pytest.mark.django_db
def test_who_may_enter_and_through_which_channels(cw, client_for):
    w = cw.org
    assert _channels(_text(client_for(cw.dispatcher).get(NEW))) == {"representative", "phone", "paper"}
    assert _channels(_text(client_for(w.observer).get(NEW))) == {"grid", "phone", "paper"}
    assert _channels(_text(client_for(cw.representative).get(NEW))) == {"representative"}
    assert _channels(_text(client_for(cw.housing_handler).get(NEW))) == {"phone", "paper"}
    assert _channels(_text(client_for(w.organiser).get(NEW))) == {"phone", "paper"}


@pytest.mark.django_db
def test_someone_with_no_role_is_refused_and_anonymous_is_sent_to_sign_in(cw, client_for, client):
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user(username="stranger", password="x-stranger-2026")
    response = client_for(stranger).get(NEW)
    assert response.status_code == 403
    assert "只有工作人员、代表和网格员可以代为登记诉求。" in _text(response)
    assert client_for(stranger).post(NEW, _form(cw)).status_code == 403
    assert client.get(NEW).status_code == 302
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_staff_take_a_phone_call(cw, client_for):
    response = client_for(cw.dispatcher).post(NEW, _form(cw))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == Case.Channel.PHONE and case.taken_by == cw.dispatcher and case.consent
    assert case.requester_name == "赵女士" and case.requester_phone == "13900000009"
    assert case.lead == cw.street  # 首接负责: the dispatcher's own office covers the place
    page = _text(response)
    assert 'id="tracking-code"' in page and "告诉诉求人" in page


@pytest.mark.django_db
def test_a_landline_is_a_phone_number_for_staff(cw, client_for):
    client_for(cw.dispatcher).post(NEW, _form(cw, requester_phone="028-8500-1234"))
    assert Case.objects.get().requester_phone == "02885001234"


@pytest.mark.django_db
def test_a_grid_worker_enters_a_visit_in_their_grid_only(cw, client_for):
    w = cw.org
    c = client_for(w.observer)
    page = _text(c.get(NEW))
    assert "红星社区" not in page
    assert c.post(NEW, _form(cw, channel="grid")).status_code == 200
    case = Case.objects.get()
    assert case.channel == Case.Channel.GRID and case.taken_by == w.observer
    refused = c.post(NEW, _form(cw, channel="grid", community=w.community_b.pk, grid=""))
    assert refused.status_code == 400


@pytest.mark.django_db
def test_a_representative_enters_on_someones_behalf_and_is_linked(cw, client_for):
    rep = cw.representative
    c = client_for(rep)
    assert f'<option value="{rep.pk}" selected>' in _text(c.get(NEW))
    response = c.post(NEW, _form(cw, channel="representative", representative=rep.pk))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == Case.Channel.REPRESENTATIVE and case.representative == rep and case.taken_by == rep


@pytest.mark.django_db
def test_a_studio_desk_names_the_representative(cw, client_for):
    c = client_for(cw.community_handler)
    page = _text(c.get(NEW))
    assert f'value="{cw.representative.pk}"' in page and f'value="{cw.representative_2.pk}"' in page
    refused = c.post(NEW, _form(cw, channel="representative"))
    assert refused.status_code == 400 and "代表代录要选择联系代表。" in _text(refused)
    c.post(NEW, _form(cw, channel="representative", representative=cw.representative_2.pk))
    assert Case.objects.get().representative == cw.representative_2


@pytest.mark.django_db
def test_a_representative_outside_the_desks_area_cannot_be_named(cw, client_for):
    response = client_for(cw.community_handler).post(
        NEW, _form(cw, channel="representative", representative=cw.dispatcher.pk)
    )
    assert response.status_code == 400
    assert "请从列表中选择代表。" in _text(response)


@pytest.mark.django_db
def test_staff_enter_a_paper_form(cw, client_for):
    client_for(cw.community_handler).post(NEW, _form(cw, channel="paper"))
    assert Case.objects.get().channel == Case.Channel.PAPER


@pytest.mark.django_db
def test_a_channel_not_offered_is_refused(cw, client_for):
    response = client_for(cw.representative).post(NEW, _form(cw, channel="grid"))
    assert response.status_code == 400
    assert "请选择受理渠道。" in _text(response)
    assert client_for(cw.dispatcher).post(NEW, _form(cw, channel="online")).status_code == 400
    assert not Case.objects.exists()


STAFF_REFUSALS = [
    ({"consent": None}, "代为登记要先征得诉求人同意，并勾选这一项。"),
    ({"requester_name": "", "requester_phone": ""}, "请选择诉求人，或填写诉求人姓名和电话。"),
    ({"requester_phone": ""}, "请填写诉求人的电话"),
    ({"requester_phone": "123"}, "请填写 11 位手机号，或带区号的固定电话"),
    ({"community": "", "grid": ""}, "请选择诉求所在的社区或村。"),
    ({"description": ""}, "请写明诉求内容。"),
    ({"description": "长" * 4001}, "诉求内容最多 4000 字"),
    ({"channel": ""}, "请选择受理渠道。"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "sentence"), STAFF_REFUSALS)
def test_staff_bad_input_is_refused_with_a_sentence(cw, client_for, change, sentence):
    response = client_for(cw.dispatcher).post(NEW, _form(cw, **change))
    assert response.status_code == 400
    assert sentence in _text(response)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_requester_is_found_among_the_places_people(cw, client_for):
    w = cw.org
    c = client_for(w.organiser)
    page = _text(c.post(NEW, {"requester_q": "王芳", "refresh": "person", "community": w.community_a.pk}))
    assert f'value="{w.person_a.pk}"' in page and "王芳（1栋）" in page
    other = _text(c.post(NEW, {"requester_q": "张伟", "refresh": "person"}))  # another community's
    assert "张伟（" not in other and "没有找到" in other
    response = c.post(
        NEW, _form(cw, requester_q="王芳", requester_person=w.person_a.pk, requester_name="", requester_phone="")
    )
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.requester == w.person_a and case.requester_phone == "13800000001" and case.requester_name == "王芳"


@pytest.mark.django_db
def test_a_person_out_of_sight_cannot_be_chosen(cw, client_for):
    w = cw.org
    response = client_for(w.organiser).post(NEW, _form(cw, requester_person=w.person_b.pk))
    assert response.status_code == 400
    assert "请从查找结果中选择诉求人。" in _text(response)


@pytest.mark.django_db
def test_a_representative_without_a_roster_types_the_requester(cw, client_for):
    page = _text(client_for(cw.representative).get(NEW))
    assert 'name="requester_q"' not in page


@pytest.mark.django_db
def test_staff_see_possible_duplicates_before_and_after_taking(cw, client_for, take):
    earlier = take("noise", unit=cw.org.grid_a1)
    c = client_for(cw.dispatcher)
    w = cw.org
    before = _text(
        c.post(NEW, {"service_code": "noise", "community": w.community_a.pk, "grid": w.grid_a1.pk, "refresh": "place"})
    )
    assert "可能重复" in before or "已有同类诉求在办理" in before
    assert earlier.description[:20] in before
    after = _text(c.post(NEW, _form(cw)))
    assert "可能重复的诉求" in after and earlier.description[:20] in after


@pytest.mark.django_db
def test_duplicates_are_not_shown_to_staff_who_may_not_read_them(cw, client_for, take):
    w = cw.org
    take("noise", unit=w.grid_a1)  # not linked to the representative, who reads only their own
    page = _text(
        client_for(cw.representative).post(
            NEW, {"service_code": "noise", "community": w.community_a.pk, "grid": w.grid_a1.pk, "refresh": "place"}
        )
    )
    assert "已有同类诉求在办理" not in page
