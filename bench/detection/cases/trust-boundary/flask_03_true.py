# label: true cwe: 501 class: trust-boundary
# Cookie value copied into the server-side session.
from flask import Flask, request, session

app = Flask(__name__)


@app.route("/tenant")
def tenant():
    session["tenant_id"] = request.cookies.get("tenant")
    return "tenant set"
