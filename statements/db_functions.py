"""Database functions the ORM lacks on SQLite. Registered for every new connection (imported by apps.ready)."""

from django.db.backends.signals import connection_created
from django.db.models import Func, TextField
from django.dispatch import receiver


class Casefold(Func):
    """The text case-folded for matching. SQLite's own LIKE and lower() fold ASCII only, so "ПРАВОЗАЩИТНИКОВ"
    would not find "правозащитников"; on SQLite this calls Python's str.casefold (registered below)."""

    function = "UPPER"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STATEMENTS_CASEFOLD", **extra_context)


@receiver(connection_created)
def _register_casefold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "STATEMENTS_CASEFOLD", 1, lambda text: text.casefold() if text is not None else None, deterministic=True
        )
