"""Paper recommendation forms: the printable form, and two appointed tellers entering them form
by form (a form naming more than the places entered as it is, counted spoiled by the engine),
beside phone forms of the same class; not by totals (refused with a sentence)."""

from __future__ import annotations

import io

import pytest

from tests.engine.test_schemas import validate
from web.meetings import actions as meeting_actions
from web.meetings import paper
from web.meetings.errors import MeetingError
from web.meetings.models import Meeting, PaperEntry
from web.meetings.testing import appoint_teller, as_teller
from web.meetings.verify import verify_poll
from web.recommendations import actions
from web.recommendations.testing import cast, class_poll, create, open_meeting


def test_the_printable_form_lists_the_names_with_the_places(world):
    from pypdf import PdfReader

    from web.meetings.pdf import ballot_pdf

    meeting, _present = open_meeting(world, voters=2)
    rec = create(world, meeting)
    text = PdfReader(io.BytesIO(ballot_pdf(class_poll(rec, "A"), copies=1))).pages[0].extract_text()
    for word in ("王芳", "李强", "张伟", "刘洋", "社区党委书记", "领导班子成员", "最多推荐 1 名", "推荐表不署名"):
        assert word in "".join(text.split()) or word in text


def test_two_tellers_enter_paper_forms_beside_phone_forms_and_the_engine_spoils_the_over_full(client, world):
    meeting, present = open_meeting(world, voters=6)
    rec = create(world, meeting)
    poll = meeting_actions.do_open_poll(poll=class_poll(rec, "A"), acting_user=world.organiser)
    for a in present[:3]:
        meeting_actions.do_issue_paper(poll=poll, attendee=a)
    tellers = [
        as_teller(poll, appoint_teller(world, Meeting.objects.get(pk=meeting.pk), n)) for n in ("teller1", "teller2")
    ]
    keys = {c.name: c.key for c in poll.candidates.all()}
    forms = [{"pick": [keys["王芳"]]}, {"pick": [keys["王芳"], keys["李强"]]}, {"spoiled": "1"}]
    with pytest.raises(MeetingError, match="逐张录入"):
        paper.do_start_entry(poll=poll, teller=tellers[0], mode=PaperEntry.Mode.TOTALS)
    for teller in tellers:
        entry = paper.do_start_entry(poll=poll, teller=teller)
        for data in forms:
            paper.do_add_ballot(entry=entry, content=paper.clean_paper(poll, data), teller=teller)
        result = paper.do_submit_entry(entry=entry, teller=teller)
    assert result is not None and result.agree
    codes = meeting_actions.hand_out_codes(poll, present[3:])
    for code in codes:
        assert cast(client, poll, code, ["王芳"]).status_code == 200
    poll = meeting_actions.do_close_poll(poll=poll, acting_user=world.organiser)
    validate(poll.record)
    assert poll.result["forms"] == {"returned": 6, "valid": 4, "blank": 0, "spoiled": 2, "over": 1}
    assert verify_poll(poll).problems == []
    poll_b = meeting_actions.do_open_poll(poll=class_poll(rec, "B"), acting_user=world.organiser)
    meeting_actions.do_close_poll(poll=poll_b, acting_user=world.organiser)
    result = actions.do_count_recommendation(recommendation=rec, acting_user=world.organiser).result
    wang = next(c for c in result["candidates"] if c["name"] == "王芳")
    assert wang["recommended"] == 4 and wang["reaches_bar"] and result["forms"]["over"] == 1
