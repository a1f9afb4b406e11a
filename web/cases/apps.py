from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "web.cases"
    label = "cases"
    verbose_name = _("诉求")

    def ready(self) -> None:
        from web.cases import attention  # noqa: F401 - registers the home page's sources
