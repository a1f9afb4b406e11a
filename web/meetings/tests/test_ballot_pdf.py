"""Printed paper ballots: a real PDF, Chinese fonts embedded, candidates in stroke order."""

from __future__ import annotations

import io

import pypdf
import pytest

from web.downloads.testing import made
from web.meetings import actions
from web.meetings.testing import make_meeting


@pytest.fixture
def poll(world):
    meeting = make_meeting(world, voters=3, probationary=0)
    return actions.do_create_poll(
        meeting=meeting,
        title="社区党委委员选举",
        kind="election",
        seats=2,
        rules={"elected": "for > 1/2 of expected"},
        candidates=[("张伟", None), ("王芳", None), ("丁<script>alert(1)</script>", None)],
        acting_user=world.organiser,
    )


def _fonts(reader: pypdf.PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


def test_ballot_pdf_has_embedded_chinese_fonts_and_stroke_order(world, client_for, poll):
    response = made(client_for(world.organiser), f"/staff/polls/{poll.pk}/ballots.pdf?copies=2")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    for needle in ("社区党委委员选举", "应选 2 名", "另选他人", "填写说明"):
        assert needle in text.replace("\u3000", " ")
    # names appear in surname stroke order: 丁 (2) < 王 (4) < 张 (7); markup in a name is text
    flat = text.replace("\n", "")
    positions = [flat.index(name) for name in ("丁<script>alert(1)</script>", "王芳", "张伟")]
    assert positions == sorted(positions)
    fonts = _fonts(reader)
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("Noto" in name and "CJK" in name for name, _e in fonts)


@pytest.mark.parametrize("copies", ["0", "abc", "999999"])
def test_bad_copies_is_a_clear_400(world, client_for, poll, copies):
    response = client_for(world.organiser).get(f"/staff/polls/{poll.pk}/ballots.pdf", {"copies": copies})
    assert response.status_code == 400 and "份数" in response.content.decode()


def test_only_managers_print_ballots(world, client_for, poll):
    assert client_for(world.member).get(f"/staff/polls/{poll.pk}/ballots.pdf").status_code == 403
    assert client_for(world.outsider).get(f"/staff/polls/{poll.pk}/ballots.pdf").status_code == 404


def test_ballots_are_identical_and_carry_no_number(poll):
    from web.meetings.pdf import ballot_pdf

    seen = []
    reader = pypdf.PdfReader(io.BytesIO(ballot_pdf(poll, copies=1200, progress=lambda d, t: seen.append((d, t)))))
    assert len(reader.pages) == 1200
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert first == last and "社区党委委员选举" in first
    assert "1200" not in last and "/ 1200" not in last  # no serial, no page count: nothing to note beside a voter
    # pages added fill four fifths of the bar (every 500), the written file the rest
    assert seen == [(400, 1200), (800, 1200), (1200, 1200)]
