# label: false cwe: 95 class: code-injection
# Preset formulas chosen by name from an allow-list; never the user's text.
from fastapi import FastAPI, HTTPException

app = FastAPI()
PRESETS = {"double": "x * 2", "square": "x ** 2"}


@app.get("/apply")
def apply(preset: str, x: float):
    if preset not in PRESETS:
        raise HTTPException(status_code=404)
    return {"value": eval(PRESETS[preset], {"__builtins__": {}}, {"x": x})}
