# label: true cwe: 78 class: command-injection
# FastAPI query parameter into subprocess.getoutput.
import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/dig")
def dig(name: str):
    return {"answer": subprocess.getoutput("dig +short " + name)}
