from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo street and its stories: the top layer, above every app it fills."""

    name = "web.demo"
    label = "demo"
