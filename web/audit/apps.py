from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "web.audit"
    label = "audit"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from web.audit.guard import register

        connection_created.connect(register, dispatch_uid="jiceng-audit-guard")
