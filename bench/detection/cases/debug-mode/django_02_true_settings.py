# label: true cwe: 215 class: debug-mode
# Production settings module that leaves DEBUG on.
import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["www.example.com"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "prod"}}
