from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "web.audit"
    label = "audit"
