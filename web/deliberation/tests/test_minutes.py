"""Minutes of a step: text, and attachments checked by their first bytes."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from web.common.testing import tiny_pdf
from web.deliberation.models import MinutesAttachment
from web.deliberation.tests.helpers import current, hold, messages_of, post_step, propose


def test_minutes_text_and_files(world, village, staff, clock, settings, tmp_path, client_for):
    settings.MEDIA_ROOT = tmp_path
    matter = propose(staff, world)
    step = current(matter)
    r = post_step(staff, matter, matter.steps.get(kind="members_review"), "minutes", {"minutes": "x"})
    assert "只有已召开或正在召开的会议环节才能记录会议内容。" in messages_of(r)
    hold(staff, matter, village.committee)
    r = post_step(staff, matter, step, "minutes", {"minutes": "支部委员会一致同意提议修建村道。"})
    assert "会议记录已保存。" in messages_of(r)
    pdf = SimpleUploadedFile("会议记录.pdf", tiny_pdf(), content_type="application/pdf")
    r = post_step(staff, matter, step, "attachment", {"file": pdf})
    assert "会议记录附件已上传。" in messages_of(r)
    fake = SimpleUploadedFile("scan.png", b"MZ\x90\x00not an image", content_type="image/png")
    r = post_step(staff, matter, step, "attachment", {"file": fake})
    assert "文件“scan.png”无法作为 PNG 打开：文件已损坏，或并不是 PNG 文件。" in messages_of(r)
    r = post_step(staff, matter, step, "attachment", {"file": SimpleUploadedFile("scan.exe", b"MZ")})
    assert "会议记录附件只接受 PDF、DOCX、JPG 或 PNG 文件。" in messages_of(r)
    r = post_step(staff, matter, step, "attachment", {})
    assert "请选择要上传的文件。" in messages_of(r)
    attachment = MinutesAttachment.objects.get()
    page = staff.get(f"/staff/matters/{matter.pk}/").content.decode()
    assert "支部委员会一致同意提议修建村道。" in page and "会议记录.pdf" in page
    download = client_for(world.member).get(f"/staff/matters/{matter.pk}/attachments/{attachment.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for(world.outsider).get(f"/staff/matters/{matter.pk}/attachments/{attachment.pk}").status_code == 404


def test_finances_are_posted_on_the_board(world, staff, client_for, clock):
    r = staff.post(
        f"/staff/units/{world.community_a.pk}/finances",
        {"finance-title": "2026年2月财务收支", "finance-text": "收入 12,000 元；支出 8,500 元。"},
        follow=True,
    )
    assert "财务公开已发布。" in messages_of(r)
    board = client_for(None).get(f"/u/{world.community_a.code}/").content.decode()
    assert "2026年2月财务收支" in board
    r = client_for(world.member).post(f"/staff/units/{world.community_a.pk}/finances", {})
    assert r.status_code == 403
