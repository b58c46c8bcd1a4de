# label: false cwe: 338 class: weak-random
# Exponential back-off with random jitter.
import asyncio
import random

import aiohttp
from aiohttp import web


async def relay(request: web.Request) -> web.Response:
    async with aiohttp.ClientSession() as session:
        for attempt in range(4):
            async with session.get("https://upstream.example.com/feed") as resp:
                if resp.status == 200:
                    return web.Response(body=await resp.read())
            await asyncio.sleep(0.2 * 2**attempt + random.random() / 10)
    raise web.HTTPBadGateway()


app = web.Application()
app.router.add_get("/relay", relay)
