from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "web.proposals"
    label = "proposals"
    verbose_name = _("党代表提案")

    def ready(self) -> None:
        from web.proposals import attention  # noqa: F401 - registers the home page's sources
