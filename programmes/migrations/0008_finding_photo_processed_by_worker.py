from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0007_data_version_triggers"),
    ]

    operations = [
        migrations.AlterField(
            model_name="findingphoto",
            name="document",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.document",
                verbose_name="file",
            ),
        ),
        # Photos stored before were processed in the web process: ready.
        migrations.AddField(
            model_name="findingphoto",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Being processed"),
                    ("ready", "Ready"),
                    ("failed", "Could not be read"),
                ],
                default="ready",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="findingphoto",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Being processed"),
                    ("ready", "Ready"),
                    ("failed", "Could not be read"),
                ],
                default="received",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="findingphoto",
            name="received",
            field=models.FileField(blank=True, upload_to="walk-photos/received/"),
        ),
    ]
