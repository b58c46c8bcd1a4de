import os

from flask import Flask

app = Flask(__name__)
# ruleid: flask-debug-enabled
app.debug = True
# ruleid: flask-debug-enabled
app.config["DEBUG"] = True
# ruleid: flask-debug-enabled
app.config.update(DEBUG=True, TESTING=False)

# Near miss: decided by the environment at start-up.
# ok: flask-debug-enabled
app.debug = os.environ.get("FLASK_DEBUG") == "1"
# ok: flask-debug-enabled
app.config["DEBUG"] = False

if __name__ == "__main__":
    # ruleid: flask-debug-enabled
    app.run(host="0.0.0.0", port=8000, debug=True)
    # ok: flask-debug-enabled
    app.run(host="127.0.0.1", port=8000)


def run_tests(test_suite, result, engine):
    # Near miss: a test suite's and a template engine's debug switches, not Flask's.
    # ok: flask-debug-enabled
    test_suite.run(result, debug=True)
    # ok: flask-debug-enabled
    engine.debug = True
