# label: true cwe: 328 class: weak-hash
# Password-reset token derived with MD5 from guessable inputs.
import hashlib
import time

from fastapi import FastAPI

app = FastAPI()


@app.post("/reset")
def reset(email: str):
    token = hashlib.md5(f"{email}{int(time.time())}".encode()).hexdigest()
    return {"sent": True, "debug_token_len": len(token)}
