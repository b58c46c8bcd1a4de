# label: true cwe: 79 class: xss
# HTMLResponse with a query parameter interpolated.
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/banner", response_class=HTMLResponse)
def banner(text: str):
    return HTMLResponse(f"<div class='banner'>{text}</div>")
