# label: true cwe: 601 class: open-redirect
# RedirectResponse to a FastAPI query parameter.
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/go")
def go(next: str = "/"):
    return RedirectResponse(url=next)
