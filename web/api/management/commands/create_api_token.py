"""``manage.py create_api_token USERNAME NAME``: make a token and print its secret once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from web.api.actions import do_create_api_token


class Command(BaseCommand):
    help = "Create an API token for a user and print the secret (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户 {username} / no user {username}")
        name = name.strip()[:50]
        if not name:
            raise CommandError("名称不能为空 / the name must not be empty")
        _token, secret = do_create_api_token(user=user, name=name, acting_user="manage.py create_api_token")
        self.stdout.write(secret)
