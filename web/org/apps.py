from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "web.org"
    label = "org"
