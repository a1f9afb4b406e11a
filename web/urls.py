from django.urls import include, path
from django.views.i18n import set_language

from web.common import views as common_views
from web.common.presetfield import rule_preview

urlpatterns = [
    path("", include("web.portal.urls")),
    path("staff/", include("web.org.urls")),
    path("staff/", include("web.meetings.urls")),
    path("staff/", include("web.elections.urls")),
    path("staff/", include("web.deliberation.urls")),
    path("staff/", include("web.commitments.urls")),
    path("staff/", include("web.workdays.urls")),
    path("staff/", include("web.downloads.urls")),
    path("staff/", include("web.overview.urls")),
    path("staff/", include("web.cases.urls")),
    path("staff/", include("web.studios.urls")),
    path("staff/", include("web.congress.urls")),
    path("staff/reps/", include("web.reps.urls")),
    path("", include("web.commitments.public_urls")),
    path("board/requests/", include("web.cases.public_urls")),
    path("board/studios/", include("web.studios.public_urls")),
    path("staff/", include("web.points.urls")),
    path("board/points/", include("web.points.public_urls")),
    path("board/congress/", include("web.congress.public_urls")),
    path("staff/", include("web.proposals.urls")),
    path("board/proposals/", include("web.proposals.public_urls")),
    path("staff/", include("web.appraisals.urls")),
    path("board/appraisals/", include("web.appraisals.public_urls")),
    path("staff/", include("web.recommendations.urls")),
    path("board/recommendations/", include("web.recommendations.public_urls")),
    path("staff/", include("web.inspections.urls")),
    path("board/inspections/", include("web.inspections.public_urls")),
    path("", include("web.cases.intake.urls")),
    path("vote/", include("web.meetings.vote_urls")),
    path("accounts/", include("web.accounts.urls")),
    path("notifications/", include("web.notify.urls")),
    path("api/", include("web.api.urls")),
    path("open311/", include("web.open311.urls")),
    path("staff/open311/", include("web.open311.staff_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", common_views.healthz, name="healthz"),
    path("staff/rules/preview", rule_preview, name="rule_preview"),
]

handler400 = "web.common.views.bad_request"
handler403 = "web.common.views.permission_denied"
handler404 = "web.common.views.page_not_found"
handler500 = "web.common.views.server_error"
