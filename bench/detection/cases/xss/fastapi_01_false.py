# label: false cwe: 79 class: xss
# HTMLResponse with the query parameter escaped.
import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/banner", response_class=HTMLResponse)
def banner(text: str):
    return HTMLResponse(f"<div class='banner'>{html.escape(text)}</div>")
