from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "web.elections"
    label = "elections"

    def ready(self) -> None:
        from web.elections import attention  # noqa: F401 - registers the home page's sources
