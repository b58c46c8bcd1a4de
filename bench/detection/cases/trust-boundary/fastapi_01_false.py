# label: false cwe: 501 class: trust-boundary
# Language checked against the supported ones.
import os

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"])
SUPPORTED = {"en", "fr", "de"}


@app.get("/lang")
def set_lang(request: Request, lang: str):
    request.session["lang"] = lang if lang in SUPPORTED else "en"
    return {"lang": request.session["lang"]}
