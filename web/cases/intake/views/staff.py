"""The staff entry of a request for someone else (代录), the photos of a case, and the printed
documents: a representative's service card and the blank 社情民意登记表, both made in the
background (``web.downloads``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.accounts.actors import acting
from web.cases import access
from web.cases.intake import duplicates, who
from web.cases.intake.forms import StaffRequestForm
from web.cases.intake.views import common
from web.cases.models import CasePhoto
from web.common.http import no_store
from web.common.numbers import is_ascii_digits
from web.common.views import permission_denied
from web.downloads.actions import do_request_download
from web.org.models import Person

NOT_A_TAKER = _("只有工作人员、代表和网格员可以代为登记诉求。")


def _taker(request: HttpRequest) -> who.Taker:
    found = who.taker(request.user)
    if not found.channels:
        raise PermissionDenied(NOT_A_TAKER)
    return found


def _people(request: HttpRequest, found: who.Taker) -> list[Person]:
    data = common.source(request)
    q = str(data.get("requester_q", ""))[:50]
    chosen = str(data.get("requester_person", ""))
    rows = who.people(request.user, found, q)
    if is_ascii_digits(chosen) and all(str(p.pk) != chosen for p in rows) and found.roster_paths:
        from web.org.queries import under_paths

        rows += list(Person.objects.filter(under_paths("unit_path", found.roster_paths), pk=int(chosen)))
    return rows


def _page(request: HttpRequest, form: StaffRequestForm, found: who.Taker, *, status: int = 200) -> HttpResponse:
    entry = common.chosen_entry(form) if not form.is_bound or form.is_valid() else None
    place = form.picked.place
    suggestions = (
        duplicates.for_staff(request.user, service_code=entry.service_code, unit=place) if entry and place else []
    )
    context = {
        "form": form,
        "refresh": common.REFRESH,
        "suggestions": suggestions,
        "case_page": _case_page_name(),
        "searched": bool(common.source(request).get("requester_q")),
        "may_search": bool(found.roster_paths),
    }
    return render(request, "cases/intake/staff_new.html", context, status=status)


def _case_page_name() -> str:
    """The staff case page's URL name once the staff pages exist (else the suggestions are not links)."""
    try:
        reverse("cases:case", kwargs={"case_id": 1})
    except NoReverseMatch:
        return ""
    return "cases:case"


@no_store
@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    found = who.taker(request.user)
    if not found.channels:  # answered here, so the answer too is never stored
        return permission_denied(request, PermissionDenied(NOT_A_TAKER))
    people = _people(request, found)
    representatives = who.representatives(request.user, found)
    form = common.build(
        request,
        StaffRequestForm,
        found.paths,
        channels=found.channel_choices(),
        representatives=representatives,
        people=[(str(p.pk), _("%(name)s（%(place)s）") % {"name": p.name, "place": p.unit.name}) for p in people],
    )
    assert isinstance(form, StaffRequestForm)
    if not form.is_bound:
        if len(found.channels) == 1:
            form.initial.setdefault("channel", found.channels[0])
        if found.is_representative:
            form.initial.setdefault("representative", str(request.user.pk))
        return _page(request, form, found)
    if not form.is_valid():
        return _page(request, form, found, status=400)
    data = form.cleaned_data
    representative = None
    if data.get("representative"):  # one of the choices offered (the form checked it)
        representative = get_user_model().objects.get(pk=int(data["representative"]))
    person = next((p for p in people if str(p.pk) == data.get("requester_person")), None)
    taken = common.take(
        form,
        channel=data["channel"],
        acting_user=acting(request),
        consent=True,
        requester=person,
        representative=representative,
    )
    if taken is None:
        return _page(request, form, found, status=400)
    return common.taken_page(request, *taken, staff=True)


# ---- photos ---------------------------------------------------------------------------------


@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    """A case's photo, to those who may read the case (anyone else: 404)."""
    row = CasePhoto.objects.select_related("case").filter(pk=photo_id).first()
    if row is None or not access.may_read(request.user, row.case):
        raise Http404
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- printed documents ----------------------------------------------------------------------


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
@require_http_methods(["GET", "POST"])
def card(request: HttpRequest) -> HttpResponse:
    """A representative's own service card: the address of their form and its QR code; the PDF is
    made in the background."""
    from web.cases.intake.views.public import representative_paths

    user = acting(request)
    if not representative_paths(user):
        raise PermissionDenied(_("服务卡是代表的，您没有代表的角色。"))
    if request.method == "POST":
        download = do_request_download(
            kind="service_card",
            parameters={"representative": user.pk, "site": _site(request)},
            subject=str(user),
            acting_user=user,
        )
        return redirect("downloads:detail", download_id=download.pk)
    from web.cases.intake.documents import card_context

    return render(request, "cases/intake/card.html", card_context(user, site=_site(request)))


@require_POST
@login_required
def register_form(request: HttpRequest) -> HttpResponse:
    """The blank 社情民意登记表 to print, made in the background."""
    user = acting(request)
    _taker(request)
    download = do_request_download(
        kind="register_form", parameters={"site": _site(request)}, subject=_("空白"), acting_user=user
    )
    return redirect("downloads:detail", download_id=download.pk)
