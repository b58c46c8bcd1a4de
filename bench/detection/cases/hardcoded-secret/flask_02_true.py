# label: true cwe: 798 class: hardcoded-secret
# JWT signed with a literal key.
import datetime as dt

import jwt
from flask import Flask, request

app = Flask(__name__)


@app.route("/token", methods=["POST"])
def token():
    payload = {"sub": request.form["user"], "exp": dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)}
    return {"token": jwt.encode(payload, "my-jwt-signing-key-2024", algorithm="HS256")}
