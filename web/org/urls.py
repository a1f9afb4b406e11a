from django.urls import include, path

from web.org.views import browse, edit, me, roles

app_name = "org"

urlpatterns = [
    path("", browse.home, name="home"),
    path("me/household/", me.my_household, name="my_household"),
    path("tree/<int:unit_id>/children/", browse.tree_children, name="tree_children"),
    path("units/<int:unit_id>/", browse.unit_detail, name="unit"),
    path("units/<int:unit_id>/people/", browse.people, name="people"),
    path("units/<int:unit_id>/party/", browse.party_orgs, name="party_orgs"),
    path("units/<int:unit_id>/bodies/", browse.bodies, name="bodies"),
    path("people/<int:person_id>/", browse.person_detail, name="person"),
    path("people/<int:person_id>/edit/", edit.person_edit, name="person_edit"),
    path("households/<int:household_id>/", browse.household_detail, name="household"),
    path("party/<int:org_id>/", browse.party_org_detail, name="party_org"),
    path("bodies/<int:body_id>/", browse.body_detail, name="body"),
    path("units/<int:unit_id>/new-unit/", edit.unit_create, name="unit_create"),
    path("units/<int:unit_id>/new-person/", edit.person_create, name="person_create"),
    path("units/<int:unit_id>/new-household/", edit.household_create, name="household_create"),
    path("units/<int:unit_id>/roles/", roles.unit_roles, name="roles"),
    path("units/<int:unit_id>/roles/<int:role_id>/revoke/", roles.role_revoke, name="role_revoke"),
    path("units/<int:unit_id>/roles/<int:role_id>/setup-link/", roles.role_setup_link, name="role_setup_link"),
    path("people/<int:person_id>/membership/", edit.membership_set, name="membership_set"),
    path("bodies/<int:body_id>/seats/new/", edit.seat_add, name="seat_add"),
    path("bodies/<int:body_id>/seats/<int:seat_id>/remove/", edit.seat_remove, name="seat_remove"),
    path("audit/<str:object_type>/<int:object_id>/", browse.audit_trail, name="audit"),
    path("", include("web.org.transfer.urls")),
]
