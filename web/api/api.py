"""The JSON API: one NinjaAPI at ``/api/v1/``, its OpenAPI document at ``/api/v1/openapi.json``.

ninja's Swagger page is off (it loads assets from a CDN, which the CSP forbids); ``/api/`` is
our own page listing the operations from the same document.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from web.api.auth import AUTH
from web.api.errors import StrictJsonParser, install_handlers
from web.api.routers import audit, party, people, units


class JicengAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's name (``list_people``), unique across the routers, for client generators."""
        return str(operation.view_func.__name__)


api = JicengAPI(
    title="Jiceng API",
    version="1",
    description=(
        "The organisation model of Jiceng: units, people, households, party organisations, bodies and "
        "the audit trail. Authenticate with `Authorization: Bearer jc_…` (tokens at /api/tokens/) or the "
        "signed-in session (writes then need the X-CSRFToken header). Every error is "
        '`{"error": {"code", "message_zh", "message_en", "details"}}`; the codes are in docs/api.md.'
    ),
    urls_namespace="api",
    docs_url=None,
    auth=AUTH,
    parser=StrictJsonParser(),
)
install_handlers(api)

for module in (units, people, party, audit):
    api.add_router("", module.router)
