"""``/staff/open311/``: the staff page of Open311 API keys."""

from django.urls import path

from web.open311 import staff

app_name = "open311_keys"

urlpatterns = [
    path("keys/", staff.keys, name="keys"),
    path("keys/<int:key_id>/revoke", staff.revoke, name="revoke"),
]
