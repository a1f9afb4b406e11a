"""The dispatch catalogue page for street staff: the current version's entries in words, the
earlier versions with what changed, and the escalation rules. Editing or adding an entry
publishes the next version (``catalogue.do_publish_catalogue``); a rule is changed by
``rules.do_set_escalation_rule``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.audit.models import AuditEntry
from web.audit.names import Action
from web.cases import catalogue as cat
from web.cases.access import refuse
from web.cases.escalation import Rules
from web.cases.forms import EntryForm, RuleForm
from web.cases.models import Catalogue, Entry, EscalationRule, Office
from web.cases.rules import do_set_escalation_rule
from web.common.attempt import attempt, say_form_errors
from web.common.listing import Filter, listing
from web.common.numbers import ascii_int
from web.org.models import Unit
from web.org.queries import can_manage_path, under_paths, viewable_paths


def _units(user: Any) -> list[Unit]:
    """The streets, townships and districts whose catalogue the person reads (those in the units
    they read: a district's staff read its streets' too), the ones with a catalogue first."""
    units = Unit.objects.filter(under_paths("path", viewable_paths(user)), kind__in=cat.CATALOGUE_KINDS)
    kept = set(Catalogue.objects.filter(unit__in=units).values_list("unit_id", flat=True))
    return sorted(units.order_by("path")[:50], key=lambda u: u.pk not in kept)


def _unit(request: HttpRequest, unit_id: int | None = None) -> Unit:
    units = _units(request.user)
    if not units:
        raise PermissionDenied(_("派单目录由街道、乡镇或区的工作人员维护。"))
    if unit_id is None:
        return units[0]
    for unit in units:
        if unit.pk == unit_id:
            return unit
    raise Http404


def _manage(request: HttpRequest, unit: Unit) -> None:
    if not can_manage_path(request.user, unit.path):
        raise PermissionDenied(_("只有本单位的工作人员可以修改派单目录。"))


def _versions(unit: Unit) -> list[dict[str, Any]]:
    """Every version, newest first, with what changed in words (from its audit entry)."""
    versions = list(Catalogue.objects.filter(unit=unit).select_related("published_by").order_by("-version")[:50])
    entries = {
        str(e.object_id): e
        for e in AuditEntry.objects.filter(
            action=Action.CATALOGUE_PUBLISH,
            object_type="cases.catalogue",
            object_id__in=[str(v.pk) for v in versions],
        )
    }
    names = dict(Entry.objects.filter(catalogue__unit=unit).values_list("service_code", "name"))
    rows = []
    for version in versions:
        changes = entries[str(version.pk)].changes if str(version.pk) in entries else {}
        said = []
        for key, label in (("added", _("新增")), ("changed", _("修改")), ("removed", _("删除"))):
            codes = changes.get(key) or []
            if codes and not (key == "added" and version.version == 1):
                listed = pgettext("list separator", "、").join(names.get(c, c) for c in codes)
                said.append(_("%(what)s：%(names)s") % {"what": label, "names": listed})
        if version.version == 1:
            said.insert(0, _("首个版本，共 %(n)s 类。") % {"n": len(changes.get("added") or [])})
        rows.append({"version": version, "said": said})
    return rows


def _rules_in_force(unit: Unit) -> list[dict[str, Any]]:
    """Each trigger's rule as it applies in ``unit`` (``web.cases.escalation.Rules``): the nearest
    unit's at or above it that has one, else the issue's default; a threshold of 0 is off."""
    rows = EscalationRule.objects.filter(unit_id__in=unit.ancestor_ids()).select_related("unit")
    rules = Rules.of(rows)
    shown = []
    for trigger, label in EscalationRule.Trigger.choices:
        rule = rules.for_place(unit.path, trigger)
        if rule.pk is None:
            source = _("默认")
        elif rule.unit_id == unit.pk:
            source = _("本单位规定")
        else:
            source = _("%(unit)s规定") % {"unit": rule.unit.name}
        shown.append({"trigger": trigger, "label": label, "threshold": rule.threshold, "source": source})
    return shown


def _page(request: HttpRequest, unit: Unit, *, rule_form: RuleForm | None = None, status: int = 200) -> HttpResponse:
    current = cat.current(unit)
    rows = current.entries.all().order_by("group", "service_code") if current else Entry.objects.none()
    entries = listing(
        request,
        rows,
        search=lambda rows, q: (
            rows.filter(name__contains=q) | rows.filter(keywords__contains=q) | rows.filter(service_code__contains=q)
        ),
        filters=[
            Filter("group", _("分类"), lambda rows, v: rows.filter(group=v), choices=Entry.Group.choices),
            Filter(
                "level",
                _("主管层级"),
                lambda rows, v: rows.filter(level=int(v)),
                choices=[(str(value), label) for value, label in Office.Level.choices],
            ),
        ],
        placeholder=_("类别名称、关键词或编码"),
    )
    departments = Office.objects.filter(Q(unit_id__in=unit.ancestor_ids()) | Q(unit_path__startswith=unit.path))
    duties = dict(departments.exclude(duty="").values_list("duty", "name"))
    for entry in entries.page.object_list:
        entry.duty_name = duties.get(entry.duty, entry.duty)
    return render(
        request,
        "cases/catalogue.html",
        {
            "unit": unit,
            "units": _units(request.user),
            "current": current,
            "entries": entries,
            "versions": _versions(unit),
            "rules": _rules_in_force(unit),
            "rule_form": rule_form or RuleForm(),
            "can_manage": can_manage_path(request.user, unit.path),
            "keep_unit": [("unit", unit.pk)],
        },
        status=status,
    )


@require_GET
@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    return _page(request, _unit(request, ascii_int(request.GET.get("unit", "")[:12])))


def _entry_page(request: HttpRequest, unit: Unit, form: EntryForm, title: str) -> HttpResponse:
    return render(
        request,
        "org/form.html",
        {"form": form, "title": title, "cancel": reverse("cases:catalogue") + f"?unit={unit.pk}", "crumbs": []},
        status=422 if form.errors else 200,
    )


def _publish(request: HttpRequest, unit: Unit, form: EntryForm, replace: str | None) -> bool:
    """Publish the next version with the form's entry in place of ``replace`` (or added)."""

    def run(data: dict[str, Any]) -> Catalogue:
        row = {k: v for k, v in data.items() if k != "note"}
        rows = [r for r in cat.entry_rows(cat.current(unit)) if r["service_code"] != replace]
        if replace is None and any(r["service_code"] == row["service_code"] for r in rows):
            raise refuse(_("服务编码 %(code)s 已经在目录中。") % {"code": row["service_code"]}, "entry_duplicate", 422)
        return cat.do_publish_catalogue(unit=unit, rows=[*rows, row], note=data["note"], acting_user=acting(request))

    done = attempt(request, run, lambda c: _("已发布派单目录第 %(v)s 版。") % {"v": c.version}, form=form)
    return bool(done)


@require_http_methods(["GET", "POST"])
@login_required
def entry_edit(request: HttpRequest, unit_id: int, code: str) -> HttpResponse:
    unit = _unit(request, unit_id)
    _manage(request, unit)
    current = cat.current(unit)
    entry = current.entries.filter(service_code=code).first() if current else None
    if entry is None:
        raise Http404
    initial = {field: getattr(entry, field) for field in cat.FIELDS}
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and _publish(request, unit, form, replace=code):
        return redirect(reverse("cases:catalogue") + f"?unit={unit.pk}")
    return _entry_page(request, unit, form, _("修改类别：%(name)s") % {"name": entry.name})


@require_http_methods(["GET", "POST"])
@login_required
def entry_add(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    _manage(request, unit)
    form = EntryForm(request.POST or None, initial={"sign_within": 1, "reply_within": 5})
    if request.method == "POST" and _publish(request, unit, form, replace=None):
        return redirect(reverse("cases:catalogue") + f"?unit={unit.pk}")
    return _entry_page(request, unit, form, _("增加类别"))


@require_POST
@login_required
def rule_set(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    _manage(request, unit)
    form = RuleForm(request.POST)
    done = attempt(
        request,
        lambda d: do_set_escalation_rule(
            unit=unit, trigger=d["trigger"], threshold=d["threshold"], acting_user=acting(request)
        ),
        _("已修改提级规则。"),
        form=form,
    )
    if not done:
        say_form_errors(request, form)
        return _page(request, unit, rule_form=form, status=422)
    return redirect(reverse("cases:catalogue") + f"?unit={unit.pk}#rules")
