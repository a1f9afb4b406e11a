from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "web.deliberation"
    label = "deliberation"
