# label: true cwe: 798 class: hardcoded-secret
# Flask secret key is a literal.
from flask import Flask

app = Flask(__name__)
app.secret_key = "s3cr3t-dev-key-please-change-9f2c"
