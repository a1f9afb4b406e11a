"""The commitments' year-end satisfaction survey held as an appraisal session (issue 15, item 2).

A counted survey session of the same unit and year, on the satisfaction scale, becomes the
commitment year's ``Survey``: its record (the poll's open record, every form) and the engine's
result replace counts entered by hand, and who each subject is comes from the session: the
leadership group is the committees' subject, and a person's post (secretary, director, member)
is read from their seats on the unit's bodies. The entered-counts path stays for surveys held
outside Jiceng; a survey taken from a session is not entered again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from web.accounts.actors import Actor
from web.appraisals.errors import AppraisalError
from web.appraisals.models import Session, Subject
from web.audit.actions import record
from web.audit.names import Action
from web.commitments.models import CommitmentYear, Survey
from web.common import clock
from web.org.models import BodySeat
from web.org.queries import check_path

POSTS: dict[str, str] = {
    BodySeat.Post.SECRETARY.value: Survey.Post.SECRETARY.value,
    BodySeat.Post.DIRECTOR.value: Survey.Post.DIRECTOR.value,
}


def year_for(session: Session) -> CommitmentYear | None:
    """The commitment year this session can be the survey of (same unit, same year), if any."""
    if session.settings.get("scale") != "satisfaction" or session.state not in (
        Session.State.COUNTED,
        Session.State.PUBLISHED,
    ):
        return None
    return CommitmentYear.objects.filter(unit_id=session.unit_id, year=session.year).first()


def _who(session: Session) -> list[dict[str, Any]]:
    subjects = list(session.subjects.order_by("key"))
    groups = [s for s in subjects if s.kind != Subject.Kind.PERSON]
    if len(groups) != 1:
        raise AppraisalError(
            _("作为公开承诺的满意度测评，测评对象中要有且只有一个“两委”班子（领导班子）。"),
            code="committees_subject",
            status=422,
        )
    posts: dict[int, str] = dict(
        BodySeat.objects.filter(
            body__unit_id=session.unit_id, person_id__in=[s.person_id for s in subjects if s.person_id]
        ).values_list("person_id", "post")
    )
    who: list[dict[str, Any]] = []
    for s in subjects:
        if s.kind != Subject.Kind.PERSON:
            who.append({"id": s.key, "person_id": None, "post": Survey.Post.COMMITTEES.value})
        else:
            post = POSTS.get(posts.get(s.person_id or 0, ""), Survey.Post.MEMBER.value)
            who.append({"id": s.key, "person_id": s.person_id, "post": post})
    return who


@transaction.atomic
def do_take_into_commitments(*, session: Session, acting_user: Actor) -> Survey:
    """Make the counted session the commitment year's satisfaction survey (replacing counts
    entered by hand). Refused with a sentence, nothing written: not a counted satisfaction
    session, no commitment year of that unit and year, the year not yet reviewed, no single
    committees' subject."""
    session = Session.objects.select_for_update().select_related("poll").get(pk=session.pk)
    check_path(acting_user, session.unit_path, manage=True)
    year = year_for(session)
    if year is None:
        raise AppraisalError(
            _("只有已计票的满意度测评，且本单位有同一年度的公开承诺，才能作为年终满意度测评。"),
            code="no_commitment_year",
            status=409,
        )
    year = CommitmentYear.objects.select_for_update().get(pk=year.pk)
    if year.state != CommitmentYear.State.REVIEWED:
        raise AppraisalError(_("公开承诺年终评议之后才能计入满意度测评。"), code="wrong_state", status=409)
    who = _who(session)
    poll = session.poll
    existing = Survey.objects.filter(year=year).first()
    before = existing.record_sha256 if existing else None
    survey = existing or Survey(year=year)
    survey.subjects, survey.record, survey.result = who, poll.record, poll.result
    survey.record_sha256 = str(poll.record_sha256)
    survey.entered_by, survey.entered_at = acting_user, clock.now()
    survey.save()
    record(
        actor=acting_user,
        action=Action.APPRAISAL_TO_COMMITMENTS,
        obj=session,
        changes={"commitment_year": [None, year.pk], "record_sha256": [before, survey.record_sha256]},
    )
    return survey
