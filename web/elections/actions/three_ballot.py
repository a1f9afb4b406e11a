"""The inputs of the three-ballot method: trust tests, layer votes, research reports."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.audit.actions import record
from web.audit.names import Action
from web.common import clock, uploads
from web.common.numbers import is_ascii_digits
from web.elections import stages as st
from web.elections.flow import STAGES
from web.elections.kinds import active_stage
from web.elections.models import Nomination, ResearchReport, Stage


def _count(value: Any, what: str) -> int:
    text = str(value).strip()
    if not is_ascii_digits(text) or len(text) > 7:
        raise STAGES.refuse(_("%(what)s应为非负整数。") % {"what": what}, "bad_number", 422)
    return int(text)


@transaction.atomic
def do_record_trust(*, stage: Stage, nomination: Nomination, base: Any, trust: Any, acting_user: Actor) -> Stage:
    """The trust test of one candidate in their own unit: staff voting (base) and trust votes."""
    stage = active_stage(stage, "trust")
    if nomination.pk not in {n.pk for n in st.pool(stage)}:
        raise STAGES.refuse(_("此人不在本阶段的人选中。"), "bad_candidate", 422)
    b, t = _count(base, _("参评人数")), _count(trust, _("信任票"))
    if b < 1 or t > b:
        raise STAGES.refuse(_("参评人数至少为 1，信任票不能多于参评人数。"), "bad_number", 422)
    entries = {**stage.data.get("entries", {}), str(nomination.pk): {"base": b, "trust": t}}
    stage.data = {**stage.data, "entries": entries}
    stage.save(update_fields=["data"])
    record(
        actor=acting_user,
        action=Action.ELECTION_TRUST,
        obj=stage,
        changes={"nomination": [None, nomination.pk], "base": [None, b], "trust": [None, t]},
    )
    return stage


@transaction.atomic
def do_record_layer(*, stage: Stage, layer: str, base: Any, votes: dict[int, Any], acting_user: Actor) -> Stage:
    """One layer of the structured recommendation: its valid forms (base) and the votes per candidate."""
    stage = active_stage(stage, "weighted")
    if layer not in {lay["id"] for lay in stage.settings.get("layers", [])}:
        raise STAGES.refuse(_("没有这个推荐层面。"), "bad_layer", 422)
    b = _count(base, _("有效推荐表数"))
    if not set(votes) <= {n.pk for n in st.pool(stage)}:
        raise STAGES.refuse(_("只能为通过信任度测评的人选录入推荐票。"), "bad_candidate", 422)
    counted = {str(pk): _count(v, _("推荐票")) for pk, v in votes.items()}
    if b < 1 or any(v > b for v in counted.values()):
        raise STAGES.refuse(_("有效推荐表数至少为 1，得票不能多于有效推荐表数。"), "bad_number", 422)
    stage.data = {**stage.data, "layers": {**stage.data.get("layers", {}), layer: {"base": b, "votes": counted}}}
    stage.save(update_fields=["data"])
    record(
        actor=acting_user, action=Action.ELECTION_LAYER, obj=stage, changes={"layer": [None, layer], "base": [None, b]}
    )
    return stage


REPORT_TYPES = ("pdf", "docx")


@transaction.atomic
def do_upload_report(*, stage: Stage, nomination: Nomination, upload: Any, acting_user: Actor) -> ResearchReport:
    """A pre-candidate's field-research report: PDF or DOCX only (checked by name, and opened
    by a real parser: ``web.common.uploads``), no larger than the stage's ``max_mb``."""
    stage = active_stage(stage, "research")
    if nomination.pk not in {n.pk for n in st.pool(stage)}:
        raise STAGES.refuse(_("此人不在本阶段的人选中。"), "bad_candidate", 422)
    limit = int(stage.settings.get("max_mb", 10)) * 1024 * 1024
    ext = uploads.extension_of(upload.name)
    if ext not in REPORT_TYPES:
        raise STAGES.refuse(_("调研报告只接受 PDF 或 DOCX 文件。"), "bad_file", 422)
    if upload.size > limit:
        raise STAGES.refuse(_("文件超过 %(mb)d MB。") % {"mb": limit // (1024 * 1024)}, "too_large", 422)
    problem = uploads.problem_with(upload, allowed=REPORT_TYPES)
    if problem:
        raise STAGES.refuse(problem, "bad_file", 422)
    ResearchReport.objects.filter(nomination=nomination).delete()
    report = ResearchReport(
        nomination=nomination, original_name=upload.name[:200], uploaded_by=acting_user, uploaded_at=clock.now()
    )
    report.file.save(f"report.{ext}", upload, save=False)
    report.save()
    record(
        actor=acting_user,
        action=Action.ELECTION_REPORT,
        obj=stage,
        changes={"nomination": [None, nomination.pk], "file": [None, report.original_name]},
    )
    return report
