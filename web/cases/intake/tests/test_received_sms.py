"""At intake the requester is told the case's number by SMS (or in their inbox), never the
tracking code: the code is shown once, on the page that took the request; the text says so."""

from __future__ import annotations

import pytest

from web.cases import codes
from web.cases.models import Case
from web.notify import guard
from web.notify.delivery import email_text, sms_text
from web.notify.models import Delivery, Notice

from .test_resident_intake import _form as resident_form
from .test_staff_intake import _form as staff_form


def _code_shown(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode().split('id="tracking-code">')[1].split("<")[0]


def _texts(notice: Notice) -> list[str]:
    return [
        *(sms_text(notice, language)[0] for language in ("zh-hans", "en")),
        *(" ".join(email_text(notice, language)) for language in ("zh-hans", "en")),
    ]


@pytest.mark.django_db
def test_a_resident_without_an_account_gets_the_number_by_sms_and_never_the_code(cw, client):
    response = client.post("/requests/new/", resident_form(cw))
    case = Case.objects.get()
    code = _code_shown(response)
    assert case.code_hash == codes.code_hash(code)
    notice = Notice.objects.get(kind="case.received")
    assert notice.phone == "13900000009" and notice.user is None and notice.person is None
    assert notice.context == {"number": case.number, "category": case.entry.name}
    assert notice.link == "/requests/follow/"
    assert set(Delivery.objects.filter(notice=notice).values_list("channel", "state")) == {
        ("sms", "pending"),
        ("email", "skipped"),
    }
    for text in _texts(notice):
        assert code not in text and code.replace("-", "") not in text and guard.secrets_in(text) == []
    zh = sms_text(notice, "zh-hans")[0]
    assert case.number in zh and "查询码只在受理时给您" in zh
    assert case.number in sms_text(notice, "en")[0]


@pytest.mark.django_db
def test_a_request_taken_by_phone_tells_the_number_left_once(cw, client_for):
    client_for(cw.dispatcher).post("/staff/cases/new/", staff_form(cw))
    case = Case.objects.get()
    (notice,) = Notice.objects.filter(kind="case.received")
    assert notice.phone == "13900000009" and notice.key == f"cases.{case.pk}.received@m13900000009"


@pytest.mark.django_db
def test_a_landline_left_at_intake_gets_no_text(cw, client_for):
    client_for(cw.dispatcher).post("/staff/cases/new/", staff_form(cw, requester_phone="028-8500-1234"))
    assert Case.objects.exists() and not Notice.objects.filter(kind="case.received").exists()


@pytest.mark.django_db
def test_a_refused_request_notifies_nobody(cw, client):
    response = client.post("/requests/new/", resident_form(cw, description=""))
    assert response.status_code == 400
    assert not Notice.objects.exists()
