FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=safecommunity.settings.production

# WeasyPrint needs Pango; gettext compiles the catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .
RUN SECRET_KEY=build-only-secret-key-that-is-long-enough-for-the-check-000000 \
    ALLOWED_HOSTS=localhost REDIS_URL=redis://build-only:6379/0 \
    EMAIL_URL=smtp://build-only:25 python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv \
    && useradd --system --home /app trygg \
    && mkdir -p /app/var/media && chown -R trygg /app/var

USER trygg
EXPOSE 8000
CMD ["gunicorn", "safecommunity.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
