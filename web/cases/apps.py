from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "web.cases"
    label = "cases"
    verbose_name = "诉求"

    def ready(self) -> None:
        from web.cases import attention  # noqa: F401 - registers the home page's sources
