# label: false cwe: 601 class: open-redirect
# Redirect to an internal endpoint; the form only picks a flash message.
from flask import Flask, flash, redirect, request, url_for

app = Flask(__name__)


@app.route("/logout", methods=["POST"])
def logout():
    flash(request.form.get("reason", "Signed out"))
    return redirect(url_for("index"))
