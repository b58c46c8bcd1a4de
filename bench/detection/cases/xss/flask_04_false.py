# label: false cwe: 79 class: xss
# JSON response, not HTML.
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/echo")
def echo():
    return jsonify({"msg": request.args.get("msg", "")})
