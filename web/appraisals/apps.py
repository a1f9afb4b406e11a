from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    name = "web.appraisals"
    label = "appraisals"
    verbose_name = _("民主测评")

    def ready(self) -> None:
        from web.appraisals import attention  # noqa: F401 - registers the home page's sources
