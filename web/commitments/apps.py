from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "web.commitments"
    label = "commitments"

    def ready(self) -> None:
        from web.commitments import attention  # noqa: F401 - registers the home page's sources
