# label: false cwe: 78 class: command-injection
# Path parameter quoted with shlex.quote before the shell sees it.
import shlex
import subprocess

from aiohttp import web


async def checkout(request: web.Request) -> web.Response:
    branch = request.match_info["branch"]
    proc = subprocess.Popen("git checkout " + shlex.quote(branch), shell=True, cwd="/srv/repo")
    proc.wait()
    return web.Response(text="switched")


app = web.Application()
app.router.add_post("/checkout/{branch}", checkout)
