from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "web.common"
    label = "common"

    def ready(self) -> None:
        from web.common.numbers import refuse_unicode_digits_in_forms

        refuse_unicode_digits_in_forms()
