# label: false cwe: 798 class: hardcoded-secret
# Django settings reading SECRET_KEY from the environment.
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set")
DEBUG = False
ALLOWED_HOSTS = ["app.example.com"]
