# label: false cwe: 798 class: hardcoded-secret
# JWT key from the application config (loaded from the environment).
import datetime as dt

import jwt
from flask import Flask, current_app, request

app = Flask(__name__)
app.config.from_prefixed_env()


@app.route("/token", methods=["POST"])
def token():
    payload = {"sub": request.form["user"], "exp": dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)}
    return {"token": jwt.encode(payload, current_app.config["JWT_KEY"], algorithm="HS256")}
