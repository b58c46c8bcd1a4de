# label: true cwe: 489 class: debug-mode
# Debug switched on through the config.
from flask import Flask

app = Flask(__name__)
app.config["DEBUG"] = True
app.config["PROPAGATE_EXCEPTIONS"] = True
