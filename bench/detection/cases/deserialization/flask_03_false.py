# label: false cwe: 502 class: deserialization
# Unpickles a cache file the application itself wrote; no request data.
import pickle
from pathlib import Path

from flask import Flask

app = Flask(__name__)
CACHE = Path("/var/cache/app/index.pkl")


@app.route("/index")
def index():
    with CACHE.open("rb") as handle:
        entries = pickle.load(handle)
    return {"entries": len(entries)}
