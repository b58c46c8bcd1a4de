# label: true cwe: 78 class: command-injection
# aiohttp path parameter into subprocess.Popen with shell=True.
import subprocess

from aiohttp import web


async def checkout(request: web.Request) -> web.Response:
    branch = request.match_info["branch"]
    proc = subprocess.Popen("git checkout " + branch, shell=True, cwd="/srv/repo")
    proc.wait()
    return web.Response(text="switched")


app = web.Application()
app.router.add_post("/checkout/{branch}", checkout)
