from django.urls import path

from web.proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/", views.index, name="index"),
    path("proposals/seasons/new/", views.season_new, name="season_new"),
    path("proposals/seasons/<int:season_id>/", views.season_page, name="season"),
    path("proposals/seasons/<int:season_id>/file/", views.file, name="file"),
    path("proposals/seasons/<int:season_id>/<slug:action>", views.season_act, name="season_act"),
    path("proposals/<int:proposal_id>/", views.proposal_page, name="proposal"),
    path("proposals/<int:proposal_id>/edit/", views.edit, name="edit"),
    path("proposals/<int:proposal_id>/<slug:action>", views.act, name="act"),
]
