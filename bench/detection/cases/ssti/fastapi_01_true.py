# label: true cwe: 1336 class: ssti
# Autoescaping does not stop template injection: the source is the query parameter.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment

app = FastAPI()
env = Environment(autoescape=True)


@app.get("/render", response_class=HTMLResponse)
def render(tmpl: str):
    return env.from_string(tmpl).render(site="example")
