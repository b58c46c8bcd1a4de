# label: false cwe: 78 class: command-injection
# Argument list, no shell, and "--" so the name cannot become an option.
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/dig")
def dig(name: str):
    done = subprocess.run(["dig", "+short", "--", name], capture_output=True, text=True, check=False)
    return {"answer": done.stdout}
