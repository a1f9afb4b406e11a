"""Import (upload → dry run → apply) and export pages, reached from a unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from web.accounts.actors import acting
from web.downloads.actions import do_request_download
from web.downloads.kinds import ROSTER
from web.org import queries
from web.org.models import RosterImport
from web.org.transfer import export
from web.org.transfer.imports import do_confirm_roster_import, do_discard_roster_import, do_upload_roster
from web.org.transfer.reader import TransferError

MAX_UPLOAD = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: how many of the person's recent imports into a unit the import page lists at a time
RECENT_PER_PAGE = 10


@require_http_methods(["GET", "POST"])
@login_required
def import_roster(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The upload form, and this person's recent imports into the unit. A file is kept and checked
    in the background (``web.org.transfer.jobs``); the page then shows how far it got."""
    unit = queries.access_unit(request.user, unit_id, manage=True)
    user = acting(request)
    recent = RosterImport.objects.filter(unit=unit, requester=user)
    context: dict[str, object] = {
        "unit": unit,
        "crumbs": [],
        "recent": Paginator(recent, RECENT_PER_PAGE).get_page(request.GET.get("page")),
    }
    if request.method == "GET":
        return render(request, "org/transfer/import.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = _("请选择要导入的文件。")
        return render(request, "org/transfer/import.html", context, status=400)
    if (upload.size or 0) > MAX_UPLOAD:  # None only for a File made without one, never an upload
        context["error"] = _("文件太大（上限 20 MB）。")
        return render(request, "org/transfer/import.html", context, status=413)
    run = do_upload_roster(unit=unit, file_name=upload.name or "", data=upload.read(), acting_user=user)
    return redirect(run)


@require_http_methods(["GET", "POST"])
@login_required
def import_run(request: HttpRequest, unit_id: int, run_id: int) -> HttpResponse:
    """One import: its progress while a job works on it (the part polls itself), what the check
    found, and the buttons to import it or give it up. Only its uploader sees it, while they still
    manage the unit."""
    unit = queries.access_unit(request.user, unit_id, manage=True)
    user = acting(request)
    run = get_object_or_404(RosterImport, pk=run_id, unit=unit, requester=user)
    if request.method == "POST":
        act = do_discard_roster_import if request.POST.get("discard") else do_confirm_roster_import
        try:
            act(run=run, acting_user=user)
        except TransferError as exc:
            messages.error(request, str(exc))
        return redirect(run)
    context = {"unit": unit, "run": run, "report": run.report or {}}
    if request.headers.get("HX-Request"):
        return render(request, "org/transfer/_import_run.html", context)
    return render(request, "org/transfer/import_run.html", context)


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
