"""Each user's language: their notifications, e-mails and digests are written
in it, and each notification records the language it was written in."""

import safecommunity.core.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0010_document_of_a_regional_programme'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='language',
            field=models.CharField(blank=True, choices=[('nb', 'Norsk (bokmål)'), ('sv', 'Svenska'), ('en', 'English')], max_length=8, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='user',
            name='language',
            field=models.CharField(choices=[('nb', 'Norsk (bokmål)'), ('sv', 'Svenska'), ('en', 'English')], default=safecommunity.core.models.default_language, max_length=8, verbose_name='language'),
        ),
    ]
