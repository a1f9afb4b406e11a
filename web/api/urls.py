from django.urls import URLPattern, include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from web.api import views
from web.api.api import api
from web.api.errors import json_errors, not_found

app_name = "api"


def _v1_patterns() -> list:
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)  # ninja's urls are flat: one path per operation
        # ninja's root view raises Http404 (an HTML page under DEBUG): answer our JSON 404
        view = csrf_exempt(not_found) if pattern.name == "api-root" else pattern.callback
        pattern.callback = json_errors(view)
    # any other address under /api/v1/ is a JSON 404, whatever the method
    return [*patterns, re_path(r"^(?P<rest>.*)$", csrf_exempt(not_found), name="not_found")]


urlpatterns = [
    path("", views.index, name="index"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke", views.token_revoke, name="token_revoke"),
    # flat under this app's namespace, so ninja's names are "api:<operation>" (urls_namespace "api")
    path("v1/", include(_v1_patterns())),
]
