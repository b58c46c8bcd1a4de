# label: false cwe: 328 class: weak-hash
# MD5 as a cache key, declared not for security.
import hashlib

from fastapi import FastAPI

app = FastAPI()
CACHE: dict[str, str] = {}


@app.get("/thumb")
def thumb(url: str):
    key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return {"cached": key in CACHE, "key": key}
