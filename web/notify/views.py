"""Every signed-in person's notifications page (paged, read marks) and their settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from web.accounts.actors import acting
from web.common.listing import Filter, listing
from web.notify import actions, queries
from web.notify.forms import PreferencesForm
from web.notify.kinds import kind_choices

PAGE_SIZE = 20


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = listing(
        request,
        queries.inbox_for(request.user),
        search=queries.naming,
        filters=[
            Filter("state", _("状态"), queries.in_state, choices=queries.STATE_CHOICES),
            Filter("kind", _("类型"), lambda rows, kind: rows.filter(kind=kind), choices=kind_choices()),
        ],
        per_page=PAGE_SIZE,
        placeholder=_("事项或单位名称"),
    )
    language = get_language() or "zh-hans"
    rows = [(n, queries.notice_text(n, language)) for n in notices.page.object_list]
    return render(request, "notify/inbox.html", {"notices": notices, "rows": rows})


@require_POST
@login_required
def open_notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Mark the notice read and go to its page."""
    notice = queries.notice_for(request.user, notice_id)
    if notice is None:
        raise Http404
    actions.do_mark_read(user=acting(request), notice_id=notice.pk)
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("notify:inbox")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    done = actions.do_mark_read(user=acting(request))
    messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": done})
    return redirect("notify:inbox")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    form = PreferencesForm(request.POST or None, prefs=queries.preferences_for(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        actions.do_set_preferences(
            user=user,
            channels=form.channels(),
            quiet_hours=d["quiet_hours"],
            quiet_start=d["quiet_start"],
            quiet_end=d["quiet_end"],
            sms_per_hour=d["sms_per_hour"],
            language=d["language"],
            acting_user=user,
        )
        messages.success(request, _("通知设置已保存。"))
        return redirect("notify:preferences")
    person = getattr(user, "person", None)
    context = {"form": form, "phone": getattr(person, "phone", ""), "email": user.email}
    return render(request, "notify/preferences.html", context, status=422 if form.errors else 200)
