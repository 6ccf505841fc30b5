"""The audit table refuses UPDATE and DELETE at the database level on PostgreSQL.

The model and its queryset already refuse both; the trigger also stops raw SQL, a shell
`queryset.update()` through another manager, and cascades. Other databases: a no-op.
"""

from django.db import migrations

TABLE = "statements_auditentry"

CREATE_TRIGGER = f"""
CREATE OR REPLACE FUNCTION statements_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries are append-only (% refused on {TABLE}).', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS statements_audit_append_only ON {TABLE};
CREATE TRIGGER statements_audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION statements_audit_append_only();
"""

DROP_TRIGGER = f"""
DROP TRIGGER IF EXISTS statements_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS statements_audit_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0003_delivery_and_rate_limits"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger),
    ]
