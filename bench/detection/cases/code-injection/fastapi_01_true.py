# label: true cwe: 95 class: code-injection
# eval with empty builtins is still escapable; the formula is a query parameter.
from fastapi import FastAPI

app = FastAPI()


@app.get("/price")
def price(formula: str, base: float = 1.0):
    value = eval(formula, {"__builtins__": {}}, {"base": base})
    return {"price": value}
