# label: true cwe: 916 class: weak-hash
# Django settings: passwords hashed with the unsalted MD5 hasher.
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
]
