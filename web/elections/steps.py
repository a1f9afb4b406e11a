"""Parsing the forms of the steps inside a stage; each calls one action. A form that names
nobody known, or a number that is not one, becomes a refused step with a message."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from web.common.numbers import is_ascii_digits
from web.elections import actions, queries
from web.elections.errors import ElectionError
from web.elections.models import Election, Objection, Stage


def _person(election: Election, id_number: str, what: str) -> Any:
    person = queries.person_by_id_number(election, id_number)
    if person is None:
        raise ElectionError(
            _("%(what)s：找不到身份证号为 %(id)s 的人员。") % {"what": what, "id": id_number[:18]},
            code="unknown_person",
            status=422,
        )
    return person


def nominate(request: HttpRequest, election: Election, stage: Stage) -> Any:
    data = request.POST
    person = _person(election, data.get("id_number", ""), _("被推荐人"))
    cosigners = [_person(election, line, _("联名人")) for line in data.get("cosigners", "").split()[:200]]
    return actions.do_nominate(
        stage=stage,
        person=person,
        channel=data.get("channel", ""),
        cosigners=cosigners,
        organisation=data.get("organisation", "")[:100],
        statement=data.get("statement", "")[:500],
        acting_user=request.user,
    )


def check(request: HttpRequest, election: Election, stage: Stage) -> Any:
    nom = queries.nomination_of(election, request.POST.get("nomination"))
    return actions.do_check_condition(
        stage=stage,
        nomination=nom,
        condition=request.POST.get("condition", ""),
        passed=request.POST.get("passed") == "yes",
        reason=request.POST.get("reason", ""),
        acting_user=request.user,
    )


def objection(request: HttpRequest, election: Election, stage: Stage) -> Any:
    raw = request.POST.get("nomination", "")
    nom = queries.nomination_of(election, raw) if raw else None
    return actions.do_file_objection(
        stage=stage,
        nomination=nom,
        raised_by=request.POST.get("raised_by", ""),
        text=request.POST.get("text", ""),
        acting_user=request.user,
    )


def answer(request: HttpRequest, election: Election, stage: Stage) -> Any:
    raw = request.POST.get("objection", "")
    obj = Objection.objects.filter(stage=stage, pk=int(raw)).first() if is_ascii_digits(raw) else None
    if obj is None:
        raise ElectionError(_("找不到这条异议。"), code="unknown_objection", status=422)
    return actions.do_answer_objection(
        objection=obj,
        answer=request.POST.get("answer", ""),
        upheld=request.POST.get("upheld") == "yes",
        acting_user=request.user,
    )


def meeting(request: HttpRequest, election: Election, stage: Stage) -> Any:
    return actions.do_prepare_meeting(stage=stage, acting_user=request.user)


def candidates(request: HttpRequest, election: Election, stage: Stage) -> Any:
    ids = [int(v) for v in request.POST.getlist("nomination") if is_ascii_digits(v)]
    return actions.do_set_post_candidates(
        stage=stage, post=request.POST.get("post", ""), nomination_ids=ids, acting_user=request.user
    )


def supplementary(request: HttpRequest, election: Election, stage: Stage) -> Any:
    return actions.do_start_supplementary(stage=stage, post=request.POST.get("post", ""), acting_user=request.user)


def trust(request: HttpRequest, election: Election, stage: Stage) -> Any:
    nom = queries.nomination_of(election, request.POST.get("nomination"))
    return actions.do_record_trust(
        stage=stage,
        nomination=nom,
        base=request.POST.get("base", ""),
        trust=request.POST.get("trust", ""),
        acting_user=request.user,
    )


def layer(request: HttpRequest, election: Election, stage: Stage) -> Any:
    votes = {int(k[5:]): v for k, v in request.POST.items() if k.startswith("votes") and is_ascii_digits(k[5:])}
    return actions.do_record_layer(
        stage=stage,
        layer=request.POST.get("layer", ""),
        base=request.POST.get("base", ""),
        votes=votes,
        acting_user=request.user,
    )


def report(request: HttpRequest, election: Election, stage: Stage) -> Any:
    nom = queries.nomination_of(election, request.POST.get("nomination"))
    upload = request.FILES.get("file")
    if upload is None:
        raise ElectionError(_("请选择要上传的文件。"), code="no_file", status=422)
    return actions.do_upload_report(stage=stage, nomination=nom, upload=upload, acting_user=request.user)


def register(request: HttpRequest, election: Election, stage: Stage) -> Any:
    return actions.do_publish_register(stage=stage, acting_user=request.user)


def proxy(request: HttpRequest, election: Election, stage: Stage) -> Any:
    voter = _person(election, request.POST.get("voter", ""), _("委托人"))
    holder = _person(election, request.POST.get("holder", ""), _("受托人"))
    return actions.do_add_proxy(stage=stage, voter=voter, holder=holder, acting_user=request.user)


STEPS = {
    "nominate": nominate,
    "check": check,
    "objection": objection,
    "answer": answer,
    "meeting": meeting,
    "candidates": candidates,
    "supplementary": supplementary,
    "trust": trust,
    "layer": layer,
    "report": report,
    "register": register,
    "proxy": proxy,
}
DONE = {
    "nominate": gettext_lazy("报名已登记。"),
    "check": gettext_lazy("审查结果已记录。"),
    "objection": gettext_lazy("异议已登记，须在进入下一阶段前答复。"),
    "answer": gettext_lazy("异议已答复。"),
    "meeting": gettext_lazy("会议和投票已建立，请到会议页面签到、投票、计票。"),
    "candidates": gettext_lazy("候选人已设定。"),
    "supplementary": gettext_lazy("另行选举的投票已建立。"),
    "trust": gettext_lazy("信任度测评已录入。"),
    "layer": gettext_lazy("推荐票已录入。"),
    "report": gettext_lazy("调研报告已上传。"),
    "register": gettext_lazy("选民名单已公布。"),
    "proxy": gettext_lazy("委托投票已登记。"),
}
