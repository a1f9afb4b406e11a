from django.urls import include, path

from web.org import views

app_name = "org"

urlpatterns = [
    path("", views.home, name="home"),
    path("tree/<int:unit_id>/children/", views.tree_children, name="tree_children"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit"),
    path("units/<int:unit_id>/people/", views.people, name="people"),
    path("units/<int:unit_id>/party/", views.party_orgs, name="party_orgs"),
    path("units/<int:unit_id>/bodies/", views.bodies, name="bodies"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("households/<int:household_id>/", views.household_detail, name="household"),
    path("party/<int:org_id>/", views.party_org_detail, name="party_org"),
    path("bodies/<int:body_id>/", views.body_detail, name="body"),
    path("audit/<str:object_type>/<int:object_id>/", views.audit_trail, name="audit"),
    path("", include("web.org.transfer.urls")),
]
