# label: true cwe: 918 class: ssrf
# Image URL read through a helper, then fetched.
import requests
from fastapi import FastAPI, Request, Response

app = FastAPI()


def image_url(req: Request) -> str:
    return req.query_params.get("src", "")


@app.get("/proxy")
def proxy(request: Request):
    resp = requests.get(image_url(request), timeout=10)
    return Response(resp.content, media_type=resp.headers.get("content-type"))
