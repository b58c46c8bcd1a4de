import ast

from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, request
from PIL import Image, ImageMath

app = Flask(__name__)
api = FastAPI()
OPERATIONS = {"sum": sum, "max": max}


def expression():
    return request.args.get("expr", "0")


@app.route("/calc")
def calc():
    # ruleid: code-injection
    return str(eval(request.args["expr"]))


@app.route("/run", methods=["POST"])
def run():
    source = request.get_json()["code"]
    body = "def handler():\n    " + source
    # ruleid: code-injection
    exec(body, {})


@app.route("/helper")
def helper():
    # ruleid: code-injection
    return str(eval(expression()))


def image_view(request):
    formula = request.POST.get("formula")
    with Image.open("/srv/base.png") as im:
        # ruleid: code-injection
        out = ImageMath.eval(formula, a=im)
    return HttpResponse(str(out))


@api.post("/eval/{expr}")
async def fastapi_eval(expr: str):
    # ruleid: code-injection
    return eval(expr)


async def aiohttp_handler(request):
    data = await request.json()
    # ruleid: code-injection
    exec(data["script"])


# Near misses: literal parsing, constants, allow-listed dispatch, numbers.


@app.route("/literal")
def literal():
    # ok: code-injection
    return str(ast.literal_eval(request.args["value"]))


def constants():
    template = "lambda x: x * %d" % 2
    # ok: code-injection
    doubler = eval(template)
    # ok: code-injection
    exec("import math")
    return doubler


@app.route("/dispatch")
def dispatch():
    name = request.args["op"]
    if name in OPERATIONS:
        # ok: code-injection
        return str(eval(name))
    return "unknown"


@app.route("/number")
def number():
    value = float(request.args["x"])
    # ok: code-injection
    return str(eval(f"{value} * 2"))
