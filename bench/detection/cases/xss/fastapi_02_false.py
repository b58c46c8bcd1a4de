# label: false cwe: 79 class: xss
# Starlette's Jinja2Templates autoescapes HTML templates.
from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI()
templates = Jinja2Templates(directory="templates")


@app.get("/profile")
def profile(request: Request, name: str):
    return templates.TemplateResponse(request, "profile.html", {"name": name})
