# label: true cwe: 89 class: sql-injection
# SQLAlchemy text() of a concatenated JSON field.
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
db = SQLAlchemy(app)


@app.route("/items", methods=["POST"])
def items():
    owner = request.json["owner"]
    rows = db.session.execute(text("SELECT * FROM items WHERE owner = '" + owner + "'"))
    return {"items": [dict(r._mapping) for r in rows]}
