# label: true cwe: 338 class: weak-random
# API key returned to the client, from random.getrandbits.
import random

from fastapi import FastAPI

app = FastAPI()


@app.post("/keys")
def create_key():
    api_key = "%032x" % random.getrandbits(128)
    return {"api_key": api_key}
