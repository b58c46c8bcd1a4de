# label: false cwe: 489 class: debug-mode
# Debug only when the developer asks for it through the environment.
import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "hello"


if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
