# label: false cwe: 489 class: debug-mode
# Production settings with DEBUG off.
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
TEMPLATE_DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
