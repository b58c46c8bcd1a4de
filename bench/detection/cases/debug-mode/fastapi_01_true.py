# label: true cwe: 215 class: debug-mode
# FastAPI debug mode returns tracebacks to clients.
from fastapi import FastAPI

app = FastAPI(debug=True, title="orders")


@app.get("/orders/{oid}")
def order(oid: int):
    return {"id": oid}
