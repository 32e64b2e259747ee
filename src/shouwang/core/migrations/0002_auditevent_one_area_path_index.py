from django.db import migrations, models

# db_index=True gave area_path a plain index and, on PostgreSQL, a "_like" one. Django's
# AlterField would rebuild the whole table on SQLite to drop them; only they go here.
FIELD_INDEX = "core_auditevent_area_path_9c6e2841"
LIKE_INDEX = FIELD_INDEX + "_like"


def drop_field_indexes(apps, schema_editor):
    for name in (FIELD_INDEX, LIKE_INDEX):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_field_indexes(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX {FIELD_INDEX} ON core_auditevent (area_path)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {LIKE_INDEX} ON core_auditevent (area_path varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_field_indexes, create_field_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="area_path",
                    field=models.CharField(blank=True, max_length=255, verbose_name="区域路径"),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["area_path"],
                name="auditevent_area_path",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
    ]
