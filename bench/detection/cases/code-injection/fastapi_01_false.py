# label: false cwe: 95 class: code-injection
# literal_eval of a query parameter.
import ast

from fastapi import FastAPI

app = FastAPI()


@app.get("/tuple")
def parse_tuple(value: str):
    parsed = ast.literal_eval(value)
    return {"length": len(parsed)}
