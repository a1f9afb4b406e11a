from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "web.inspections"
    label = "inspections"
    verbose_name = _("随机考察")

    def ready(self) -> None:
        from web.inspections import attention  # noqa: F401 - registers the home page's sources
