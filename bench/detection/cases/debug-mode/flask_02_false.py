# label: false cwe: 489 class: debug-mode
# Debug explicitly off.
from flask import Flask

app = Flask(__name__)
app.config["DEBUG"] = False
app.config["TESTING"] = False
