# label: true cwe: 601 class: open-redirect
# Form field assigned on an earlier line, then redirected to.
from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/logout", methods=["POST"])
def logout():
    target = request.form.get("return_to", "/")
    return redirect(target)
