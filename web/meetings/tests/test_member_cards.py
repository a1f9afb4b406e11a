"""Member cards: a printed QR code per person that a scanner at the check-in desk reads.
Only a genuine card of someone on the frozen roster checks anyone in."""

from __future__ import annotations

import pytest
from django.core import signing

from web.audit.models import AuditEntry
from web.downloads.testing import made
from web.meetings import actions, cards
from web.meetings.models import Attendee
from web.meetings.testing import make_meeting
from web.meetings.tests.test_documents_pdf import _flat, _text


@pytest.fixture
def meeting(world):
    meeting = make_meeting(world, voters=3, probationary=0)
    return actions.do_open_meeting(meeting=meeting, acting_user=world.organiser)


def _scan(client, meeting, code: str):
    response = client.post(f"/staff/meetings/{meeting.pk}/check-in", {"card": code}, follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_a_card_code_names_one_person_and_cannot_be_made_up(world):
    code = cards.card_code(world.person_a)
    assert code.startswith("JC1-") and world.person_a.id_number not in code
    assert cards.person_id_from_code(code) == world.person_a.pk
    assert cards.person_id_from_code(f"  {code}\n") == world.person_a.pk  # scanners add whitespace
    forged = code.replace(f"JC1-{world.person_a.pk}:", f"JC1-{world.person_a2.pk}:")
    other_salt = "JC1-" + signing.Signer(salt="something else").sign(str(world.person_a2.pk))
    for bad in (forged, other_salt, "JC1-", "", "510104198001011234", "JC1-x:y", "JC1-" + "9" * 200):
        assert cards.person_id_from_code(bad) is None, bad


def test_scanning_a_card_checks_its_holder_in(world, client_for, meeting):
    staff = client_for(world.organiser)
    attendee = meeting.attendees.get(person=world.person_a)
    assert _scan(staff, meeting, cards.card_code(world.person_a)) == [f"{world.person_a.name} 签到成功。"]
    attendee.refresh_from_db()
    assert attendee.checked_in_at is not None and attendee.check_in_method == Attendee.Method.CARD
    assert _scan(staff, meeting, cards.card_code(world.person_a)) == [f"{world.person_a.name} 已经签到。"]


def test_a_bad_card_or_a_stranger_checks_nobody_in(world, client_for, meeting):
    staff = client_for(world.organiser)
    before = AuditEntry.objects.count()
    assert "不是有效的成员卡" in _scan(staff, meeting, "JC1-1:forged")[0]
    assert "不在本次会议的名册上" in _scan(staff, meeting, cards.card_code(world.person_b))[0]
    assert AuditEntry.objects.count() == before
    assert not meeting.attendees.filter(checked_in_at__isnull=False).exists()


def test_only_the_meetings_staff_can_scan(world, client_for, meeting):
    code = cards.card_code(world.person_a)
    assert client_for(world.member).post(f"/staff/meetings/{meeting.pk}/check-in", {"card": code}).status_code == 403
    assert client_for(world.outsider).post(f"/staff/meetings/{meeting.pk}/check-in", {"card": code}).status_code == 404
    assert not meeting.attendees.filter(checked_in_at__isnull=False).exists()


def test_the_cards_of_a_body_print_with_names_and_embedded_fonts(world, client_for, meeting):
    response = made(client_for(world.organiser), f"/staff/bodies/{world.body_a.pk}/cards.pdf")
    text = _flat(_text(response))
    names = [s.person.name for s in world.body_a.seats.select_related("person")]
    assert names and all(name in text for name in names)
    assert "党员卡" in text and world.person_a.id_number not in text  # masked on the card


def test_each_card_carries_the_qr_code_of_its_holder(world):
    import segno
    from django.template.loader import render_to_string

    from web.meetings.pdf.documents import member_cards_context

    context = member_cards_context(world.body_a)
    assert [cards.person_id_from_code(c["code"]) for c in context["cards"]] == [
        c["person"].pk for c in context["cards"]
    ]
    html = render_to_string("meetings/member_cards_pdf.html", context)
    assert html.count('class="card-qr"') == len(context["cards"]) == world.body_a.seats.count()
    for c in context["cards"]:
        assert c["qr"] == segno.make(c["code"], error="m").png_data_uri(scale=8) and c["qr"] in html


def test_the_check_in_page_leads_with_the_scanner_field(world, client_for, meeting):
    page = client_for(world.organiser).get(f"/staff/meetings/{meeting.pk}/check-in").content.decode()
    assert 'name="card"' in page and f"/staff/bodies/{world.body_a.pk}/cards.pdf" in page


def test_a_large_roster_is_laid_out_in_runs_and_joined_whole(world, monkeypatch):
    import io

    import pypdf

    from web.meetings.pdf import documents
    from web.meetings.testing import add_members
    from web.meetings.tests.test_ballot_pdf import _fonts

    people = [world.person_a, *add_members(world, 19)]
    monkeypatch.setattr(documents, "CARDS_PER_RUN", 8)
    seen = []
    pdf = documents.member_cards_pdf(world.body_a, progress=lambda d, t: seen.append((d, t)))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3  # 8 + 8 + 4 cards, eight to a page
    flat = _flat("".join(p.extract_text() for p in reader.pages))
    assert all(_flat(p.name) in flat for p in people)
    assert seen == [(8, 20), (16, 20), (20, 20)]
    assert all(embedded for _name, embedded in _fonts(reader))
