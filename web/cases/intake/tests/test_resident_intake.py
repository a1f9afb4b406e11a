"""A resident's request through the pages: without an account, signed in, from a service card;
every refusal answers a sentence with 400 (429 when too many) and writes nothing."""

from __future__ import annotations

import pytest

from web.cases import codes
from web.cases.models import Case, CaseEvent, IntakeAttempt

NEW = "/requests/new/"


def _form(cw, **extra):  # type: ignore[no-untyped-def]
    w = cw.org
    data = {
        "service_code": "noise",
        "community": w.community_a.pk,
        "grid": w.grid_a1.pk,
        "building": w.building_a1.pk,
        "description": "楼上每晚十一点后装修，噪音很大。",
        "requester_phone": "13900000009",
        "requester_name": "赵女士",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


@pytest.mark.django_db
def test_the_form_offers_the_places_catalogue_grouped(cw, client):
    page = _text(client.get(NEW))
    assert '<optgroup label="投诉">' in page and "邻里噪音纠纷" in page
    assert "和平社区" in page and "红星社区" in page
    assert "和平社区第一网格" not in page  # grids once a community is chosen


@pytest.mark.django_db
def test_choosing_a_community_shows_its_grids_without_taking_anything(cw, client):
    w = cw.org
    response = client.post(NEW, {"community": w.community_a.pk, "description": "写了一半", "refresh": "place"})
    assert response.status_code == 200
    page = _text(response)
    assert "和平社区第一网格" in page and "红星社区第一网格" not in page
    assert "写了一半" in page  # what was typed stays
    assert "field-error" not in page
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_searching_the_categories_narrows_the_list(cw, client):
    page = _text(client.post(NEW, {"category_q": "垃圾", "refresh": "category"}))
    assert "生活垃圾清运不及时" in page and "邻里噪音纠纷" not in page


@pytest.mark.django_db
def test_a_resident_without_an_account_gets_a_number_and_a_code_once(cw, client):
    response = client.post(NEW, _form(cw, description="<script>alert(1)</script><b>楼上</b>装修噪音"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    case = Case.objects.get()
    assert case.channel == Case.Channel.ONLINE
    assert case.unit == cw.org.building_a1
    assert case.description == "alert(1)楼上装修噪音"  # tags stripped
    assert case.requester_phone == "13900000009" and case.requester_name == "赵女士"
    assert case.requester_user is None and case.taken_by is None
    page = _text(response)
    shown = page.split('id="tracking-code">')[1].split("<")[0]
    assert len(shown) == 14 and shown[4] == "-"  # ABCD-EFGH-JKMN
    assert case.code_hash == codes.code_hash(shown)
    assert f'id="case-number">{case.number}<' in page
    assert "抄下来" in page
    assert CaseEvent.objects.filter(case=case, kind="received").exists()


@pytest.mark.django_db
def test_a_phone_typed_with_country_code_and_spaces_is_kept_as_eleven_digits(cw, client):
    client.post(NEW, _form(cw, requester_phone="+86 139-0000-0009"))
    assert Case.objects.get().requester_phone == "13900000009"


@pytest.mark.django_db
def test_a_community_alone_is_a_place(cw, client):
    client.post(NEW, _form(cw, grid="", building=""))
    assert Case.objects.get().unit == cw.org.community_a


@pytest.mark.django_db
def test_a_grid_of_another_community_is_refused(cw, client):
    response = client.post(NEW, _form(cw, grid=cw.org.grid_b1.pk, building=""))
    assert response.status_code == 400
    assert "请从列表中选择网格。" in _text(response)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_optional_lat_long_is_kept(cw, client):
    client.post(NEW, _form(cw, lat="30.657400", long="104.065800"))
    case = Case.objects.get()
    assert str(case.lat) == "30.657400" and str(case.long) == "104.065800"


REFUSALS = [
    ({"community": "", "grid": "", "building": ""}, "请选择诉求所在的社区或村。"),
    ({"community": "999999", "grid": "", "building": ""}, "请选择诉求所在的社区或村。"),
    ({"description": ""}, "请写明诉求内容。"),
    ({"description": "<p></p>  "}, "请写明诉求内容"),
    ({"description": "字" * 4001}, "诉求内容最多 4000 字，现在是 4001 字"),
    ({"service_code": ""}, "请选择诉求类别。"),
    ({"service_code": "no-such-code"}, "请选择诉求类别。"),
    ({"requester_phone": ""}, "请留下手机号"),
    ({"requester_phone": "12345"}, "请填写 11 位手机号"),
    ({"requester_phone": "02885001234"}, "请填写 11 位手机号"),
    ({"lat": "91"}, "纬度应是 -90 到 90 之间的数"),
    ({"long": "abc"}, "经度应是 -180 到 180 之间的数"),
    ({"requester_name": "名" * 51}, "称呼最多 50 字。"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "sentence"), REFUSALS)
def test_bad_input_is_refused_with_a_sentence_and_writes_nothing(cw, client, change, sentence):
    response = client.post(NEW, _form(cw, **change))
    assert response.status_code == 400
    page = _text(response)
    assert sentence in page
    assert 'role="alert"' in page
    assert not Case.objects.exists()
    assert not IntakeAttempt.objects.exists()


@pytest.mark.django_db
def test_bad_input_is_refused_in_english_too(cw, client):
    client.cookies["django_language"] = "en"
    page = _text(client.post(NEW, _form(cw, description="", requester_phone="12")))
    assert "Please describe the request." in page
    assert "Please enter an 11-digit mobile number" in page


@pytest.mark.django_db
def test_a_missing_csrf_token_is_refused(cw):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(NEW, _form(cw))
    assert response.status_code == 403
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_too_many_requests_from_one_phone_are_refused(cw, client, settings):
    settings.INTAKE_PER_PHONE = 2
    for _ in range(2):
        assert client.post(NEW, _form(cw)).status_code == 200
    response = client.post(NEW, _form(cw, requester_phone="139 0000 0009"))
    assert response.status_code == 429
    assert "提交得太频繁" in _text(response)
    assert Case.objects.count() == 2
    assert client.post(NEW, _form(cw, requester_phone="13900000010")).status_code == 200


@pytest.mark.django_db
def test_too_many_requests_from_one_address_are_refused(cw, client, settings):
    settings.INTAKE_PER_ADDRESS = 3
    for n in range(3):
        assert client.post(NEW, _form(cw, requester_phone=f"1390000001{n}")).status_code == 200
    assert client.post(NEW, _form(cw, requester_phone="13900000020")).status_code == 429
    other = client.post(NEW, _form(cw, requester_phone="13900000021"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.django_db
def test_a_resident_is_told_only_that_similar_requests_are_handled(cw, client, take):
    earlier = take("noise", unit=cw.org.grid_a1)
    page = _text(client.post(NEW, _form(cw)))
    assert "已有相似的诉求正在办理" in page
    assert earlier.description not in page and str(earlier.requester_phone) not in page


# ---- signed in ---------------------------------------------------------------------------------


@pytest.fixture
def resident(cw):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="wangfang", password="x-wangfang-2026", display_name="王芳")
    user.person = cw.org.person_a
    user.save(update_fields=["person"])
    return user


@pytest.mark.django_db
def test_a_signed_in_resident_files_as_themselves_and_lists_their_requests(cw, client_for, resident):
    c = client_for(resident)
    form = _text(c.get(NEW))
    assert 'value="13800000001"' in form  # their own number, filled in
    response = c.post(NEW, _form(cw, requester_phone=""))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == Case.Channel.ACCOUNT
    assert case.requester_user == resident and case.requester == cw.org.person_a
    assert case.requester_phone == "13800000001"
    listed = _text(c.get("/requests/mine/"))
    assert f"/requests/mine/{case.pk}/" in listed and "邻里噪音纠纷" in listed
    assert c.get(f"/requests/mine/{case.pk}/").status_code == 200


@pytest.mark.django_db
def test_someone_elses_request_is_not_in_my_list(cw, client_for, resident, take):
    other = take("noise")
    other.requester = None
    other.save(update_fields=["requester"])
    c = client_for(resident)
    assert f"/requests/mine/{other.pk}/" not in _text(c.get("/requests/mine/"))
    assert c.get(f"/requests/mine/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_my_requests_are_paged_and_searchable(cw, client_for, resident, take):
    for n in range(55):
        case = take("noise" if n % 2 else "litter")
        case.requester_user = resident
        case.save(update_fields=["requester_user"])
    c = client_for(resident)
    assert _text(c.get("/requests/mine/")).count("/requests/mine/") >= 50
    assert "?page=2" in _text(c.get("/requests/mine/"))
    found = _text(c.get("/requests/mine/?q=杂物"))
    assert "楼道杂物堆放" in found and "邻里噪音纠纷" not in found


@pytest.mark.django_db
def test_my_requests_need_a_sign_in(client):
    assert client.get("/requests/mine/").status_code == 302


# ---- a representative's service card --------------------------------------------------------


@pytest.mark.django_db
def test_the_service_card_form_links_the_representative(cw, client):
    url = f"/requests/card/{cw.representative.pk}/"
    page = _text(client.get(url))
    assert "向代表rep反映诉求" in page
    assert "和平社区" in page and "红星社区" not in page  # the representative's community
    response = client.post(url, _form(cw))
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == Case.Channel.CARD and case.representative == cw.representative


@pytest.mark.django_db
def test_a_card_of_someone_who_is_no_representative_is_not_found(cw, client):
    assert client.get(f"/requests/card/{cw.dispatcher.pk}/").status_code == 404
    assert client.get("/requests/card/999999/").status_code == 404


@pytest.mark.django_db
def test_the_card_form_refuses_a_place_outside_the_representatives(cw, client):
    response = client.post(
        f"/requests/card/{cw.representative.pk}/", _form(cw, community=cw.org.community_b.pk, grid="", building="")
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def _second_street(cw):  # type: ignore[no-untyped-def]
    """Another street of the district, with its own catalogue and three communities."""
    from web.cases.catalogue import do_publish_catalogue
    from web.cases.testing import ENTRIES
    from web.org.testing import _unit, _user

    street = _unit("S2", "锦华街道", "street", cw.org.district)
    for n in range(3):
        _unit(f"S2C{n}", f"锦华第{n}社区", "community", street)
    do_publish_catalogue(
        unit=street,
        rows=[{**ENTRIES[0], "name": "锦华的杂物"}],
        note="首版",
        acting_user=_user("s2", street, "org_staff"),
    )
    return street


@pytest.mark.django_db
def test_with_two_catalogues_the_categories_wait_for_the_community(cw, client):
    _second_street(cw)
    page = _text(client.get(NEW))
    assert "先选好社区或村" in page and "邻里噪音纠纷" not in page and "锦华的杂物" not in page
    chosen = _text(client.get(f"{NEW}?community={cw.org.community_a.pk}"))
    assert "邻里噪音纠纷" in chosen and "锦华的杂物" not in chosen


@pytest.mark.django_db
def test_the_form_reads_as_many_queries_for_many_communities_as_for_few(cw, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(NEW)
    _second_street(cw)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(NEW)
