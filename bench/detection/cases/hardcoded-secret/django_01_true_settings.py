# label: true cwe: 798 class: hardcoded-secret
# Django settings with a literal SECRET_KEY.
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "django-insecure-7x$w!k2#r9q@m4p^z8v&b1n0c5l3j6h"
DEBUG = False
ALLOWED_HOSTS = ["app.example.com"]
