from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "web.portal"
    label = "portal"
