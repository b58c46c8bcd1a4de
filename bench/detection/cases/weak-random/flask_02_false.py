# label: false cwe: 338 class: weak-random
# random for retry jitter.
import random
import time

import requests
from flask import Flask

app = Flask(__name__)


@app.route("/sync")
def sync():
    for attempt in range(5):
        resp = requests.get("https://upstream.example.com/data", timeout=5)
        if resp.ok:
            return resp.json()
        time.sleep(random.uniform(0.1, 0.5) * 2**attempt)
    return {"error": "upstream unavailable"}, 503
