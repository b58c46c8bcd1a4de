# label: true cwe: 489 class: debug-mode
# Django settings with DEBUG on and every host allowed.
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["*"]
