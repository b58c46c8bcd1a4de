import os

from flask import Flask

app = Flask(__name__)
# ruleid: secret-key-in-source
app.secret_key = "dev-key-please-change"
# ruleid: secret-key-in-source
app.config["SECRET_KEY"] = "4f1c2a9b7e"
# ruleid: secret-key-in-source
app.config.update(SECRET_KEY="another-constant", SESSION_COOKIE_SECURE=True)


class ProductionConfig:
    DEBUG = False
    # ruleid: secret-key-in-source
    SECRET_KEY = "django-insecure-8c#v@1t$9z"


# Near miss: read from the environment at start-up.
# ok: secret-key-in-source
SECRET_KEY = os.environ["SECRET_KEY"]
# ok: secret-key-in-source
app.secret_key = os.urandom(32)
# ok: secret-key-in-source
app.config["SECRET_KEY_FALLBACKS"] = []
