from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statements"

    def ready(self):
        from statements import checks, security  # noqa: F401  (registers system checks and signal receivers)
