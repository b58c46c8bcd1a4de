# label: true cwe: 338 class: weak-random
# Invitation code from random.random digits.
import random

from fastapi import FastAPI

app = FastAPI()
INVITES: set[str] = set()


@app.post("/invites")
def invite():
    code = str(random.random())[2:12]
    INVITES.add(code)
    return {"invite": code}
