"""``/open311/``: GeoReport v2's discovery and endpoints, each in XML and JSON by its suffix;
any other address under it is GeoReport's 404."""

from django.urls import re_path

from web.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^v2/services" + FMT, views.services, name="services"),
    re_path(r"^v2/services/(?P<code>[^/]{1,64}?)" + FMT, views.service_definition, name="service"),
    re_path(r"^v2/requests" + FMT, views.requests, name="requests"),
    re_path(r"^v2/requests/(?P<request_id>[^/]{1,64}?)" + FMT, views.one_request, name="request"),
    re_path(r"^v2/tokens/(?P<token>[^/]{1,64}?)" + FMT, views.token, name="token"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
