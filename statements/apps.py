from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statements"

    def ready(self):
        from statements import checks, db_functions, security  # noqa: F401  (registers checks and signal receivers)
