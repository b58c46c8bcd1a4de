"""Django settings for the Inkwell reporting site (usage dashboards for team admins)."""

import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SECRET_KEY = "django-insecure-7q$w1xk9!c3v^reports"

DEBUG = True

ALLOWED_HOSTS = ["reports.inkwell.example"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "reports",
]

ROOT_URLCONF = "reports.urls"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "inkwell_reports",
        "HOST": os.environ.get("REPORTS_DB_HOST", "localhost"),
        "PASSWORD": os.environ.get("REPORTS_DB_PASSWORD", ""),
    }
}
