# label: false cwe: 338 class: weak-random
# random for log sampling.
import logging
import random

from fastapi import FastAPI, Request

app = FastAPI()
log = logging.getLogger("access")


@app.middleware("http")
async def sample_log(request: Request, call_next):
    response = await call_next(request)
    if random.random() < 0.01:
        log.info("%s %s -> %s", request.method, request.url.path, response.status_code)
    return response
