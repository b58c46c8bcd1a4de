# label: true cwe: 352 class: csrf
# A whole blueprint of form views exempted.
from flask import Blueprint, Flask, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
admin = Blueprint("admin", __name__)


@admin.route("/users/<int:uid>/promote", methods=["POST"])
def promote(uid):
    return f"promoted {uid} to {request.form['role']}"


csrf.exempt(admin)
app.register_blueprint(admin, url_prefix="/admin")
