# label: false cwe: 798 class: hardcoded-secret
# Secret key read from the environment.
import os

from flask import Flask

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]
