from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "web.recommendations"
    label = "recommendations"
    verbose_name = _("民主推荐")

    def ready(self) -> None:
        from web.recommendations import attention  # noqa: F401 - registers the home page's sources
