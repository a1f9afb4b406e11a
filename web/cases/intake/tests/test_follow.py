"""Following a case by its number and tracking code: the state, reply, extension reason and
history in words (no staff names); the return visit answered; a merged case shows the case it
joined; a wrong code is refused with a sentence and counted."""

from __future__ import annotations

import pytest

from web.cases import actions
from web.cases.models import Case, Visit

FOLLOW = "/requests/follow/"
ANSWER = "/requests/follow/answer/"


@pytest.fixture
def filed(cw, client):  # type: ignore[no-untyped-def]
    """A request filed online; returns (case, code as shown)."""
    w = cw.org
    response = client.post(
        "/requests/new/",
        {
            "service_code": "noise",
            "community": w.community_a.pk,
            "grid": w.grid_a1.pk,
            "description": "楼上每晚噪音。",
            "requester_phone": "13900000009",
        },
    )
    code = response.content.decode().split('id="tracking-code">')[1].split("<")[0]
    return Case.objects.get(), code


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _replied(cw, case):  # type: ignore[no-untyped-def]
    actions.do_dispatch_case(case=case, acting_user=cw.dispatcher)
    actions.do_sign_case(case=case, acting_user=cw.community_handler)
    actions.do_extend_case(case=case, days=2, reason="需要等物业提供监控", acting_user=cw.community_handler)
    return actions.do_reply_case(case=case, text="已约谈装修户，晚十点后停工。", acting_user=cw.community_handler)


@pytest.mark.django_db
def test_the_follow_page_has_the_number_filled_in_from_the_link(cw, client, filed):
    case, _code = filed
    page = _text(client.get(f"{FOLLOW}?number={case.number}"))
    assert f'value="{case.number}"' in page
    assert client.get(f"{FOLLOW}?number=abc").status_code == 200


@pytest.mark.django_db
def test_the_number_and_code_open_the_case_in_words(cw, client, filed):
    case, code = filed
    response = client.post(FOLLOW, {"number": case.number, "code": code})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = _text(response)
    assert "已收到，正在安排承办单位" in page and "收到您的诉求" in page
    assert "邻里噪音纠纷" in page


@pytest.mark.django_db
def test_the_code_alone_typed_loosely_opens_the_case(cw, client, filed):
    _case, code = filed
    loose = code.lower().replace("-", " ")
    assert client.post(FOLLOW, {"code": loose}).status_code == 200


@pytest.mark.django_db
def test_the_reply_extension_and_history_show_without_staff_names(cw, client, filed):
    case, code = filed
    _replied(cw, case)
    page = _text(client.post(FOLLOW, {"number": case.number, "code": code}))
    assert "已答复，请您评价办理结果" in page
    assert "已约谈装修户，晚十点后停工。" in page
    assert "需要等物业提供监控" in page
    assert "交由和平社区居委会办理" in page and "和平社区居委会已签收" in page
    for name in ("dispatcher", "community_handler"):
        assert name not in page
    assert 'name="satisfaction"' in page


@pytest.mark.django_db
def test_the_requester_answers_the_return_visit(cw, client, filed):
    case, code = filed
    _replied(cw, case)
    response = client.post(ANSWER, {"number": case.number, "code": code, "satisfaction": "4", "solved": "yes"})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == Case.State.VISITED and case.satisfaction == 4 and case.solved is True
    visit = Visit.objects.get()
    assert visit.method == "sms" and visit.by is None
    page = _text(response)
    assert "已回访，即将办结" in page and 'name="satisfaction"' not in page


@pytest.mark.django_db
def test_a_dissatisfied_answer_sends_the_case_back_to_be_redone(cw, client, filed):
    case, code = filed
    _replied(cw, case)
    client.post(ANSWER, {"number": case.number, "code": code, "satisfaction": "1", "solved": "no", "note": "还在吵"})
    case.refresh_from_db()
    assert case.state == Case.State.SIGNED and case.redos == 1


@pytest.mark.django_db
def test_an_answer_without_a_choice_is_refused_with_a_sentence(cw, client, filed):
    case, code = filed
    _replied(cw, case)
    response = client.post(ANSWER, {"number": case.number, "code": code, "solved": "yes"})
    assert response.status_code == 400
    assert "请选择满意程度。" in _text(response)
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_an_answer_before_the_reply_is_refused(cw, client, filed):
    case, code = filed
    response = client.post(ANSWER, {"number": case.number, "code": code, "satisfaction": "5", "solved": "yes"})
    assert response.status_code == 409
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_an_answer_with_a_wrong_code_is_refused(cw, client, filed):
    case, _code = filed
    _replied(cw, case)
    response = client.post(
        ANSWER, {"number": case.number, "code": "2222-3333-4444", "satisfaction": "5", "solved": "yes"}
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["2222-3333-4444", "short", "0000-OOOO-IIII", ""])
def test_a_wrong_code_gets_a_clear_sentence(cw, client, filed, typed):
    case, _code = filed
    response = client.post(FOLLOW, {"number": case.number, "code": typed})
    assert response.status_code in (400, 403)
    page = _text(response)
    assert ("诉求编号或查询码不对" in page) or ("请填写受理时给您的 12 位查询码" in page)
    assert "邻里噪音纠纷" not in page


@pytest.mark.django_db
def test_the_right_code_with_another_number_is_wrong(cw, client, filed, take):
    _case, code = filed
    other = take("noise")
    assert client.post(FOLLOW, {"number": other.number, "code": code}).status_code == 403


@pytest.mark.django_db
def test_a_number_with_letters_is_refused_with_a_sentence(cw, client, filed):
    response = client.post(FOLLOW, {"number": "12a", "code": filed[1]})
    assert response.status_code == 400
    assert "诉求编号只有数字" in _text(response)


@pytest.mark.django_db
def test_wrong_codes_for_one_number_are_limited(cw, client, filed, settings):
    case, code = filed
    for _ in range(settings.LOGIN_ATTEMPTS_LIMIT):
        assert client.post(FOLLOW, {"number": case.number, "code": "2222-3333-4444"}).status_code == 403
    response = client.post(FOLLOW, {"number": case.number, "code": code})
    assert response.status_code == 429
    assert "查询错误次数太多" in _text(response)


@pytest.mark.django_db
def test_wrong_codes_from_one_address_are_limited(cw, client, filed, settings):
    case, code = filed
    for n in range(settings.LOGIN_ATTEMPTS_LIMIT * 4):
        client.post(FOLLOW, {"number": str(1000 + n), "code": "2222-3333-4444"})
    assert client.post(FOLLOW, {"number": case.number, "code": code}).status_code == 429
    assert client.post(FOLLOW, {"number": case.number, "code": code}, REMOTE_ADDR="10.1.1.1").status_code == 200


@pytest.mark.django_db
def test_a_merged_case_shows_the_case_it_joined(cw, client, filed, take):
    case, code = filed
    first = take("noise", unit=cw.org.grid_a1)
    actions.do_merge_case(case=case, into=first, acting_user=cw.dispatcher)
    _replied(cw, first)
    page = _text(client.post(FOLLOW, {"number": case.number, "code": code}))
    assert "与相同的诉求合并办理" in page
    assert f"已与诉求 {first.number} 合并办理" in page
    assert "已约谈装修户，晚十点后停工。" in page
    assert "已答复，请您评价办理结果" in page
    assert first.description not in page  # the other requester's words stay theirs
    assert 'name="satisfaction"' not in page  # the visit is the joined case's


@pytest.mark.django_db
def test_the_page_switches_language_without_losing_the_case(cw, client, filed):
    case, code = filed
    response = client.post(FOLLOW, {"number": case.number, "code": code, "language": "en"})
    assert response.status_code == 200
    assert "Received; an office is being assigned" in _text(response)


@pytest.mark.django_db
def test_a_signed_in_requester_answers_on_their_own_page(cw, client_for, take):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="res", password="x-res-2026")
    case = take("noise")
    case.requester_user = user
    case.save(update_fields=["requester_user"])
    _replied(cw, case)
    c = client_for(user)
    assert 'name="satisfaction"' in _text(c.get(f"/requests/mine/{case.pk}/"))
    response = c.post(f"/requests/mine/{case.pk}/answer/", {"satisfaction": "5", "solved": "yes"})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.state == Case.State.VISITED
    stranger = get_user_model().objects.create_user(username="str", password="x-str-2026")
    assert client_for(stranger).post(f"/requests/mine/{case.pk}/answer/", {"satisfaction": "5"}).status_code == 404
