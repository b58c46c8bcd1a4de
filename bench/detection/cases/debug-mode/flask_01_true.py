# label: true cwe: 489 class: debug-mode
# Werkzeug debugger on, listening on every interface.
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "hello"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
