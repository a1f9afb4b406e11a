from typing import Any

from django.core.management.base import BaseCommand

from web.portal.recount import build_program


class Command(BaseCommand):
    help = "Build the one-file recount program the public board offers (jiceng-recount.pyz)."

    def handle(self, *args: Any, **options: Any) -> None:
        path = build_program()
        self.stdout.write(f"{path}\n")
