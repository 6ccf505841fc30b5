"""The append-only trigger lets one UPDATE through: clearing the actor when that user account is deleted.

Django's on_delete=SET_NULL issues it; every other column must stay as it was. Other databases: a no-op.
"""

from django.db import migrations

TABLE = "statements_auditentry"

ALLOW_ACTOR_REMOVAL = f"""
CREATE OR REPLACE FUNCTION statements_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Audit entries are append-only (% refused on {TABLE}).', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

REFUSE_ALL = f"""
CREATE OR REPLACE FUNCTION statements_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries are append-only (% refused on {TABLE}).', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def allow_actor_removal(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_ACTOR_REMOVAL, params=None)


def refuse_all(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_ALL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0007_person_verbose_name"),
    ]

    operations = [
        migrations.RunPython(allow_actor_removal, refuse_all),
    ]
