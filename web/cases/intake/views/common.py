"""What the intake's pages share: the form built from what is posted, the page shown again
(with the next level of places, or a narrower list of categories) without acting on it, and the
request taken with its refusal turned into a sentence on the form."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from web.cases import codes
from web.cases.errors import CaseError
from web.cases.intake import duplicates, places
from web.cases.intake import follow as following
from web.cases.intake.actions import do_take_request
from web.cases.intake.forms import RequestForm
from web.cases.models import Case, Entry
from web.common.http import language_chosen_in

#: the button that shows the form again with what was chosen (the next level of places, the
#: categories found); with JavaScript a choice presses it by itself
REFRESH = "refresh"


def is_refresh(request: HttpRequest) -> bool:
    return request.method != "POST" or REFRESH in request.POST or bool(language_chosen_in(request))


def source(request: HttpRequest) -> dict[str, Any]:
    """What the form was given: the POST, or on a first visit the address (``?community=``)."""
    return request.POST.dict() if request.method == "POST" else request.GET.dict()


def build(request: HttpRequest, form_class: type[RequestForm], scope: list[str] | None, **kw: Any) -> RequestForm:
    """The form, bound to the POST when it is sent to be acted on, else filled from it."""
    data = source(request)
    picked = places.pick(data, scope)
    entries = places.entries(places.catalogue_of(picked), str(data.get("category_q", ""))[:50])
    chosen = str(data.get("service_code", ""))
    if chosen and all(e.service_code != chosen for e in entries):
        # a category chosen before the list was narrowed stays on offer
        entries += [e for e in places.entries(places.catalogue_of(picked)) if e.service_code == chosen]
    if is_refresh(request):
        initial = {k: v for k, v in data.items() if k not in ("csrfmiddlewaretoken", REFRESH, "language")}
        return form_class(initial=initial, picked=picked, entries=entries, **kw)
    return form_class(request.POST, request.FILES, picked=picked, entries=entries, **kw)


def chosen_entry(form: RequestForm) -> Entry | None:
    code = form.cleaned_data.get("service_code") if form.is_bound else form.initial.get("service_code")
    if not code:
        return None
    catalogue = places.catalogue_of(form.picked)
    return catalogue.entries.filter(service_code=code).first() if catalogue is not None else None


def similar_note(form: RequestForm) -> bool:
    """Whether similar requests are open at the chosen place (a resident is told only that)."""
    entry = chosen_entry(form) if not form.is_bound or form.is_valid() else None
    place = form.picked.place
    return bool(entry and place and duplicates.any_for_resident(service_code=entry.service_code, unit=place))


def take(form: RequestForm, **kw: Any) -> tuple[Case, str] | None:
    """Take the valid form's request; a refusal becomes the form's error (None returned)."""
    entry = chosen_entry(form)
    place = form.picked.place
    if entry is None or place is None:
        form.add_error("service_code", form.fields["service_code"].error_messages["required"])
        return None
    data = form.cleaned_data
    try:
        return do_take_request(
            entry=entry,
            unit=place,
            description=data["description"],
            address=data.get("address", ""),
            lat=data.get("lat"),
            long=data.get("long"),
            requester_phone=data.get("requester_phone", ""),
            requester_name=data.get("requester_name", ""),
            photos=form.prepared,
            **kw,
        )
    except CaseError as exc:
        form.add_error(None, str(exc.message))
        return None


def taken_page(
    request: HttpRequest, case: Case, code: str, *, staff: bool = False, template: str = "cases/intake/taken.html"
) -> HttpResponse:
    """The case number and the tracking code, shown once."""
    context = {
        "case": case,
        "place": following.place_words(case.unit),
        "code": codes.pretty(code),
        "staff": staff,
        "similar": duplicates.any_for_resident(service_code=case.service_code, unit=case.unit, exclude=case.pk),
    }
    if staff:
        context["suggestions"] = duplicates.for_staff(
            request.user, service_code=case.service_code, unit=case.unit, exclude=case.pk
        )
    return render(request, template, context)
