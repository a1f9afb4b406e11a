"""Import (upload → dry run → apply) and export pages, reached from a unit."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from web.accounts.actors import acting
from web.common import clock
from web.downloads.actions import do_request_download
from web.downloads.kinds import ROSTER
from web.org import queries
from web.org.transfer import export, stash
from web.org.transfer.apply import apply_plan
from web.org.transfer.planner import make_plan
from web.org.transfer.reader import TransferError, read_upload

MAX_UPLOAD = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
@login_required
def import_roster(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.access_unit(request.user, unit_id, manage=True)
    user = acting(request)
    context: dict[str, object] = {"unit": unit, "crumbs": []}
    if request.method == "POST" and request.POST.get("token"):
        stashed = stash.get(user.pk, request.POST["token"], now=clock.now())
        if stashed is None:
            messages.error(request, _("上传的文件已失效，请重新上传。"))
            return redirect("org:import", unit_id=unit.pk)
        name, data = stashed
        try:
            plan = make_plan(user=request.user, found=read_upload(name, data))
        except TransferError as exc:
            stash.drop(user.pk, request.POST["token"])
            context["error"] = str(exc)
            return render(request, "org/transfer/import.html", context, status=422)
        if not plan.ok:  # the database changed since the dry run: show the new report
            context.update(plan=plan, name=name)
            return render(request, "org/transfer/import.html", context, status=422)
        counts = apply_plan(
            plan, acting_user=user, file_sha256=hashlib.sha256(data).hexdigest(), file_name=name, unit=unit
        )
        stash.drop(user.pk, request.POST["token"])
        messages.success(
            request,
            _("导入完成：%(c)s。") % {"c": _("，").join(f"{k} {v}" for k, v in counts.items() if v) or _("没有变化")},
        )
        return redirect("org:unit", unit_id=unit.pk)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("请选择要导入的文件。")
            return render(request, "org/transfer/import.html", context, status=400)
        if (upload.size or 0) > MAX_UPLOAD:  # None only for a File made without one, never an upload
            context["error"] = _("文件太大（上限 20 MB）。")
            return render(request, "org/transfer/import.html", context, status=413)
        data = upload.read()
        try:
            found = read_upload(upload.name or "", data)
        except TransferError as exc:
            context["error"] = str(exc)
            return render(request, "org/transfer/import.html", context, status=422)
        plan = make_plan(user=request.user, found=found)
        context.update(plan=plan, name=upload.name)
        if plan.ok and plan.changes:
            context["token"] = stash.put(user.pk, upload.name or "roster.xlsx", data)
        return render(request, "org/transfer/import.html", context, status=200 if plan.ok else 422)
    return render(request, "org/transfer/import.html", context)


@require_GET
@login_required
def export_roster(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The export is made in the background (web.downloads): this asks for it and shows its page."""
    unit = queries.access_unit(request.user, unit_id, manage=True)
    download = do_request_download(
        kind=ROSTER.key, parameters={"unit": unit.pk}, subject=unit.name, unit_id=unit.pk, acting_user=acting(request)
    )
    return redirect(download)


@require_GET
@login_required
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(export.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="jiceng-roster-template.xlsx"'
    return response
