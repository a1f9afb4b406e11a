"""Every form of a step, refused or mistyped, shows the matter page again (422) with what the
person typed still in it and the sentence on it; the rules' sentence is never lost on a
redirect. A form the step no longer offers says why at the top of the page."""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile

from web.deliberation.models import Matter, MatterStep
from web.deliberation.tests.helpers import current, hold, hold_and_vote, propose


def _send(client, matter: Matter, step: MatterStep, action: str, data: dict) -> tuple[str, str]:
    """Post one step form; return the page and the same form as the page shows it again."""
    url = f"/staff/matters/{matter.pk}/steps/{step.pk}/{action}"
    r = client.post(url, data)
    assert r.status_code == 422, r.status_code
    page = r.content.decode()
    form = re.search(rf'<form [^>]*action="{re.escape(url)}"[^>]*>.*?</form>', page, re.S)
    return page, form.group(0) if form else ""


def test_a_refused_or_mistyped_hold_keeps_the_body_time_and_place(world, village, staff, clock):
    matter = propose(staff, world)
    step = current(matter)
    # the representatives cannot hold the branch committee's proposal
    typed = {"body": village.reps.pk, "starts_at": "2026-03-10T09:00", "place": "村委会二楼会议室"}
    _, form = _send(staff, matter, step, "hold", typed)
    assert "这个机构不能召开本环节的会议。" in form
    assert 'value="2026-03-10T09:00"' in form and 'value="村委会二楼会议室"' in form
    # the committee chosen, the time mistyped: the committee stays selected
    typed = {"body": village.committee.pk, "starts_at": "三月十日", "place": "村委会二楼会议室"}
    _, form = _send(staff, matter, step, "hold", typed)
    assert "请选择机构并填写召开时间。" in form
    assert f'<option value="{village.committee.pk}" selected>' in form
    assert 'value="三月十日"' in form and 'value="村委会二楼会议室"' in form
    step.refresh_from_db()
    assert step.poll_id is None


def test_a_refused_defer_and_conclude_say_why_on_their_form(world, village, staff, clock):
    matter = propose(staff, world)
    step = hold(staff, matter, village.committee)
    _, form = _send(staff, matter, step, "defer", {"reason": "   "})
    assert "暂缓表决必须写明理由。" in form and 'value="   "' in form
    _, form = _send(staff, matter, step, "conclude", {})
    assert "本环节的表决尚未结束计票。" in form
    step.refresh_from_db()
    assert step.poll_id and step.state == MatterStep.State.ACTIVE


def test_a_refused_attachment_says_why_on_its_form_and_minutes_not_offered_say_why_on_top(
    world, village, staff, clock, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    matter = propose(staff, world)
    step = hold(staff, matter, village.committee)
    _, form = _send(staff, matter, step, "attachment", {"file": SimpleUploadedFile("scan.exe", b"MZ")})
    assert "会议记录附件只接受 PDF、DOCX、JPG 或 PNG 文件。" in form
    _, form = _send(staff, matter, step, "attachment", {})
    assert "请选择要上传的文件。" in form
    # the minutes of a step not yet begun: the page has no minutes form for it, so the sentence is on top
    later = matter.steps.get(position=2)
    page, form = _send(staff, matter, later, "minutes", {"minutes": "会议记录草稿"})
    assert form == "" and "只有已召开或正在召开的会议环节才能记录会议内容。" in page
    later.refresh_from_db()
    assert later.minutes == ""


def test_a_refused_or_mistyped_disclosure_keeps_its_title_and_text(world, village, staff, phone, clock):
    matter = propose(staff, world, chain="committee_decision")
    hold_and_vote(staff, phone, matter, village.committee, present=3, yes=3)
    step = current(matter)
    assert step.spec.disclosure
    short = (clock.now().date() + dt.timedelta(days=3)).isoformat()
    typed = {"title": "修建村道的决议", "text": "党组织委员会票决通过：修建村道。", "until": short}
    _, form = _send(staff, matter, step, "disclose", typed)
    assert "决议须公开至少 15 天" in form
    assert escape(typed["title"]) in form and escape(typed["text"]) in form and short in form
    _, form = _send(staff, matter, step, "disclose", {**typed, "until": "下个月"})
    assert "请填写公开的标题、内容和有效的截止日期。" in form and escape(typed["text"]) in form
    assert not matter.disclosures.exists()


def test_a_form_of_another_kind_is_refused_by_its_action_and_an_unknown_one_is_not_found(world, village, staff, clock):
    matter = propose(staff, world)
    step = current(matter)
    page, form = _send(staff, matter, step, "disclose", {"title": "修建村道的决议", "text": "通过。"})
    assert form == "" and "这个环节不是公开环节。" in page
    assert staff.post(f"/staff/matters/{matter.pk}/steps/{step.pk}/vote", {}).status_code == 404


def test_a_refused_gate_keeps_its_note_and_a_recorded_one_says_why_on_top(world, village, staff, clock):
    matter = propose(staff, world, chain="committee_decision", kind="appointment", title="拟任命李强为网格长")
    url = f"/staff/matters/{matter.pk}/gates"
    r = staff.post(url, {"gate": "papers", "note": "   "})
    assert r.status_code == 422
    form = re.search(r'<form [^>]*>(?:(?!</form>).)*name="gate" value="papers".*?</form>', r.content.decode(), re.S)
    assert form and "请写明依据（例如推荐会日期、考察报告编号）。" in form.group(0) and 'value="   "' in form.group(0)
    assert staff.post(url, {"gate": "papers", "note": "材料已齐"}).status_code == 302
    r = staff.post(url, {"gate": "papers", "note": "再记一次"})
    assert r.status_code == 422 and "这一项已经记录。" in r.content.decode()
    assert matter.gates.get().note == "材料已齐"


def test_a_mistyped_finance_posting_keeps_its_title(world, staff, clock):
    r = staff.post(f"/staff/units/{world.community_a.pk}/finances", {"finance-title": "2026年2月财务收支"})
    assert r.status_code == 422
    page = r.content.decode()
    assert "请填写公开的标题和内容。" in page and 'value="2026年2月财务收支"' in page
    assert not world.community_a.disclosures.exists()
