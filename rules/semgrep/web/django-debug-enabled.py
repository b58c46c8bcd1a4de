"""Django settings for the reporting site (a test target for django-debug-enabled)."""

import os

# ruleid: django-debug-enabled
DEBUG = True

ALLOWED_HOSTS = ["reports.example.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "reports",
]

ROOT_URLCONF = "reports.urls"


class FeatureFlags:
    # Near miss: a class attribute in a settings module, not the Django setting.
    # ok: django-debug-enabled
    DEBUG = True


def local_overrides(settings):
    # ok: django-debug-enabled
    DEBUG = True
    settings.DEBUG = DEBUG and os.environ.get("DJANGO_DEBUG") == "1"


# ruleid: django-debug-enabled
DEBUG = True

# ok: django-debug-enabled
TEMPLATE_DEBUG = True
