# label: true cwe: 79 class: xss
# Jinja2 environment without autoescaping renders a query parameter into HTML.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

app = FastAPI()
env = Environment(loader=FileSystemLoader("templates"), autoescape=False)


@app.get("/profile", response_class=HTMLResponse)
def profile(name: str):
    return env.get_template("profile.html").render(name=name)
