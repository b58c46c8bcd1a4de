# label: true cwe: 78 class: command-injection
# Request header into asyncio.create_subprocess_shell.
import asyncio

from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/probe")
async def probe(request: Request):
    host = request.headers.get("x-forwarded-host", "localhost")
    proc = await asyncio.create_subprocess_shell(
        f"curl -sI https://{host}/", stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    return {"headers": out.decode()}
