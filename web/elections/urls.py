from django.urls import path

from web.elections import views

app_name = "elections"

urlpatterns = [
    path("bodies/<int:body_id>/elections/", views.body_elections, name="body_elections"),
    path("elections/<int:election_id>/", views.election_detail, name="election"),
    path("elections/<int:election_id>/start", views.start, name="start"),
    path("elections/<int:election_id>/stages/<int:stage_id>/settings", views.adjust, name="adjust"),
    path("elections/<int:election_id>/stages/<int:stage_id>/advance", views.advance, name="advance"),
    path("elections/<int:election_id>/stages/<int:stage_id>/reopen", views.reopen, name="reopen"),
    path("elections/<int:election_id>/stages/<int:stage_id>/<str:step>", views.stage_step, name="stage_step"),
    path("elections/<int:election_id>/reports/<int:nomination_id>", views.report, name="report"),
]
