"""A walk report is written in the language of the one who reported the walk."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('walks', '0004_finding_photo_thumbnail'),
    ]

    operations = [
        migrations.AddField(
            model_name='walkreportjob',
            name='language',
            field=models.CharField(choices=[('nb', 'Norsk (bokmål)'), ('sv', 'Svenska'), ('en', 'English')], default='nb', max_length=8, verbose_name='language'),
        ),
    ]
