import django.db.models.deletion
from django.db import migrations, models

# Only the index goes: Django's AlterField would also drop and re-add the foreign key,
# checking every passage again (millions of rows) for nothing.
DROP_INDEX = "DROP INDEX IF EXISTS checkpoints_passage_checkpoint_id_9db29bab"
CREATE_INDEX = (
    "CREATE INDEX checkpoints_passage_checkpoint_id_9db29bab "
    "ON checkpoints_passage (checkpoint_id)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("checkpoints", "0002_passage_without_history_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(DROP_INDEX, CREATE_INDEX)],
            state_operations=[
                migrations.AlterField(
                    model_name="passage",
                    name="checkpoint",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="passages",
                        to="checkpoints.checkpoint",
                        verbose_name="卡点",
                    ),
                ),
            ],
        ),
    ]
