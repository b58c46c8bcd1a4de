# label: false cwe: 1336 class: ssti
# Template loaded from the package; the query parameter is context.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

app = FastAPI()
env = Environment(loader=PackageLoader("site"), autoescape=select_autoescape())


@app.get("/render", response_class=HTMLResponse)
def render(q: str):
    return env.get_template("page.html").render(q=q)
