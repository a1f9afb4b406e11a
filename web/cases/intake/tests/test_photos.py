"""Photos: at most three, each at most 5 MB, really an image of an allowed kind, encoded afresh;
the EXIF location dropped unless kept; a bad photo leaves no case and no file; served only to
those who may read the case."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from web.cases.models import Case, CasePhoto

NEW = "/requests/new/"
GPS = 0x8825


def jpeg(*, gps: bool = True, size: tuple[int, int] = (64, 48), name: str = "p.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[GPS] = {1: "N", 2: (30.0, 39.0, 26.0), 3: "E", 4: (104.0, 3.0, 55.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name: str = "p.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _form(cw, **extra):  # type: ignore[no-untyped-def]
    w = cw.org
    return {
        "service_code": "litter",
        "community": w.community_a.pk,
        "grid": w.grid_a1.pk,
        "description": "楼道堆满了杂物。",
        "requester_phone": "13900000009",
        **extra,
    }


def _kept(photo: CasePhoto) -> Image.Image:
    return Image.open(photo.file.path)


def _files(settings) -> list[Path]:  # type: ignore[no-untyped-def]
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_photos_are_encoded_afresh_and_lose_their_location(cw, client, settings):
    response = client.post(NEW, _form(cw, photos=[jpeg(), png()]))
    assert response.status_code == 200
    case = Case.objects.get()
    first, second = case.photos.all()
    assert first.content_type == "image/jpeg" and second.content_type == "image/png"
    exif = _kept(first).getexif()
    assert not exif.get_ifd(GPS) and 0x010F not in exif  # nothing of the camera's EXIF is kept
    assert not first.kept_location
    assert str(settings.MEDIA_ROOT) in first.file.path and first.file.path.endswith(".jpg")
    assert "p.jpg" not in first.file.name  # a random name, never the sender's


@pytest.mark.django_db
def test_the_location_is_kept_when_the_requester_ticks_it(cw, client):
    client.post(NEW, _form(cw, photos=[jpeg()], keep_location="on"))
    photo = CasePhoto.objects.get()
    gps = _kept(photo).getexif().get_ifd(GPS)
    assert gps and gps[1] == "N"
    assert photo.kept_location
    assert 0x010F not in _kept(photo).getexif()  # only the location


@pytest.mark.django_db
def test_a_large_photo_is_made_smaller(cw, client):
    client.post(NEW, _form(cw, photos=[jpeg(size=(4000, 3000), gps=False)]))
    photo = CasePhoto.objects.get()
    assert (photo.width, photo.height) == (2560, 1920)


BAD = [
    (lambda: [SimpleUploadedFile("x.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg")], "不是可以打开的照片"),
    (lambda: [SimpleUploadedFile("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif")], "不是可以打开的照片"),
    (
        lambda: [SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")],
        "不是可以打开的照片",
    ),
    (lambda: [jpeg(name=f"{n}.jpg") for n in range(4)], "最多上传 3 张照片。"),
    (lambda: [SimpleUploadedFile("big.jpg", b"\xff" * (5 * 1024 * 1024 + 1), "image/jpeg")], "超过 5 MB"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("files", "sentence"), BAD)
def test_a_bad_photo_leaves_no_case_and_no_file(cw, client, settings, files, sentence):
    response = client.post(NEW, _form(cw, photos=[jpeg(name="good.jpg"), *files()][-4:]))
    assert response.status_code == 400
    assert sentence in response.content.decode()
    assert not Case.objects.exists() and not CasePhoto.objects.exists()
    assert _files(settings) == []


@pytest.mark.django_db
def test_a_failure_after_the_files_were_written_removes_them(cw, client, settings, monkeypatch):
    from web.cases.intake import actions

    def broken(**kw):  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(actions, "record", broken)
    client.raise_request_exception = False
    response = client.post(NEW, _form(cw, photos=[jpeg()]))
    assert response.status_code == 500
    assert not Case.objects.exists()
    assert _files(settings) == []


@pytest.mark.django_db
def test_a_photo_is_served_only_to_those_who_may_read_the_case(cw, client, client_for):
    client.post(NEW, _form(cw, photos=[jpeg()]))
    photo = CasePhoto.objects.get()
    url = f"/staff/cases/new/photos/{photo.pk}/"
    response = client_for(cw.dispatcher).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(cw.outside_handler).get(url).status_code == 404
    assert client_for(cw.org.outsider).get(url).status_code == 404
    assert client.get(url).status_code == 302
    assert client_for(cw.dispatcher).get("/staff/cases/new/photos/999999/").status_code == 404


@pytest.mark.django_db
def test_the_staff_case_page_shows_the_photos_to_its_readers(cw, client, client_for):
    client.post(NEW, _form(cw, photos=[jpeg(size=(440, 330), gps=False), png()]))
    case = Case.objects.get()
    first, second = case.photos.all()
    page = f"/staff/cases/{case.pk}/"
    for reader in (cw.dispatcher, cw.org.street_staff):  # one handling it, one who only reads the place
        html = client_for(reader).get(page).content.decode()
        for photo in (first, second):
            url = f"/staff/cases/new/photos/{photo.pk}/"
            assert f'<a href="{url}"><img src="{url}"' in html
            assert client_for(reader).get(url).status_code == 200
        assert 'width="220" height="165" alt="照片 1"' in html  # a thumbnail: the longer side 220
        assert 'width="20" height="20" alt="照片 2"' in html  # a small one as it is
    assert client_for(cw.org.outsider).get(page).status_code == 404


@pytest.mark.django_db
def test_a_case_without_photos_shows_no_photo_section(cw, client, client_for):
    client.post(NEW, _form(cw))
    html = client_for(cw.dispatcher).get(f"/staff/cases/{Case.objects.get().pk}/").content.decode()
    assert "/staff/cases/new/photos/" not in html and 'class="photos"' not in html
