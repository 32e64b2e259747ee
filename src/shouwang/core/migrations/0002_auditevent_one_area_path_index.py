from django.db import migrations, models

# db_index=True gave area_path a plain index and, on PostgreSQL, a "_like" one that is
# already the varchar_pattern_ops index wanted: it is renamed, not built again (a build
# would hold writes to the audit table, which every passage writes to, until it ends).
# Django's AlterField would also rebuild the whole table on SQLite; only indexes move here.
FIELD_INDEX = "core_auditevent_area_path_9c6e2841"
LIKE_INDEX = FIELD_INDEX + "_like"
NEW_INDEX = "auditevent_area_path"


def to_one_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {FIELD_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {LIKE_INDEX} RENAME TO {NEW_INDEX}")
    else:
        schema_editor.execute(f"CREATE INDEX {NEW_INDEX} ON core_auditevent (area_path)")


def to_field_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {NEW_INDEX} RENAME TO {LIKE_INDEX}")
    else:
        schema_editor.execute(f"DROP INDEX {NEW_INDEX}")
    schema_editor.execute(f"CREATE INDEX {FIELD_INDEX} ON core_auditevent (area_path)")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(to_one_index, to_field_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="area_path",
                    field=models.CharField(blank=True, max_length=255, verbose_name="区域路径"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(
                        fields=["area_path"],
                        name=NEW_INDEX,
                        opclasses=["varchar_pattern_ops"],
                    ),
                ),
            ],
        ),
    ]
