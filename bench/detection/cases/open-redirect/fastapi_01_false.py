# label: false cwe: 601 class: open-redirect
# Only known local paths are accepted.
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
LANDING = {"/", "/home", "/settings"}


@app.get("/go")
def go(next: str = "/"):
    if next not in LANDING:
        next = "/"
    return RedirectResponse(url=next)
