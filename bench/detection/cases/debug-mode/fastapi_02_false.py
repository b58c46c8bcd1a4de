# label: false cwe: 215 class: debug-mode
# DEBUG log level is not debug mode.
import logging

from fastapi import FastAPI

logging.basicConfig(level=logging.DEBUG)
app = FastAPI(title="orders")


@app.get("/health")
def health():
    logging.getLogger(__name__).debug("health check")
    return {"ok": True}
