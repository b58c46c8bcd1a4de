# label: true cwe: 601 class: open-redirect
# redirect() to the "next" query parameter.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/login/done")
def login_done():
    return redirect(request.args.get("next", "/"))
