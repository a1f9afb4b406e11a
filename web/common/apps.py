from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "web.common"
    label = "common"
