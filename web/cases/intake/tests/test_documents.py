"""The printed documents, made in the background through web.downloads: a representative's service
card (their form's address as a QR code) and the blank 社情民意登记表."""

from __future__ import annotations

import io

import pytest

from web.downloads import jobs, storage
from web.downloads.models import Download


def _made(download: Download) -> str:
    from pypdf import PdfReader

    assert jobs.render(download.pk) == "done"
    download.refresh_from_db()
    data = storage.final_path(download).read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())  # the titles are letter-spaced


@pytest.fixture(autouse=True)
def _downloads(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db
def test_a_representative_gets_their_service_card(cw, client_for):
    rep = cw.representative
    c = client_for(rep)
    page = c.get("/staff/cases/new/card/").content.decode()
    assert f"/requests/card/{rep.pk}/" in page and "data:image/png;base64," in page
    response = c.post("/staff/cases/new/card/")
    download = Download.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/downloads/{download.pk}/"
    assert download.kind == "service_card" and download.parameters["representative"] == rep.pk
    text = _made(download)
    assert "代表联系服务卡" in text and "rep" in text and f"/requests/card/{rep.pk}/" in text


@pytest.mark.django_db
def test_only_a_representative_has_a_service_card(cw, client_for):
    response = client_for(cw.dispatcher).get("/staff/cases/new/card/")
    assert response.status_code == 403
    assert client_for(cw.dispatcher).post("/staff/cases/new/card/").status_code == 403
    assert not Download.objects.exists()


@pytest.mark.django_db
def test_a_card_asked_for_someone_else_is_refused_by_the_job(cw):
    from web.downloads.actions import do_request_download

    download = do_request_download(
        kind="service_card",
        parameters={"representative": cw.representative.pk, "site": "http://testserver/"},
        subject="x",
        acting_user=cw.dispatcher,
    )
    assert jobs.render(download.pk) == "failed"
    download.refresh_from_db()
    assert "服务卡是代表本人的" in download.error


@pytest.mark.django_db
def test_staff_print_the_blank_register_form(cw, client_for):
    response = client_for(cw.community_handler).post("/staff/cases/new/register-form/")
    download = Download.objects.get()
    assert response.status_code == 302 and download.kind == "register_form"
    text = _made(download)
    assert "社情民意登记表" in text and "诉求内容" in text and "纸质登记表" in text


@pytest.mark.django_db
def test_the_register_form_is_for_those_who_take_requests(cw, client_for, client):
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user(username="s", password="x-s-2026")
    assert client_for(stranger).post("/staff/cases/new/register-form/").status_code == 403
    assert client_for(cw.dispatcher).get("/staff/cases/new/register-form/").status_code == 405
    assert client.post("/staff/cases/new/register-form/").status_code == 302
