from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
api = FastAPI()
FIELDS = {"name", "email"}


def catalogue():
    return etree.parse("/srv/catalogue.xml")


@app.route("/user")
def user():
    name = request.args["name"]
    # ruleid: xpath-injection
    return str(catalogue().xpath("//user[@name='" + name + "']"))


def django_lookup(request):
    tree = etree.parse("/srv/catalogue.xml")
    expr = "//book[title='%s']" % request.GET["title"]
    # ruleid: xpath-injection
    found = tree.xpath(expr)
    # ruleid: xpath-injection
    finder = etree.XPath(f"//book[@id='{request.GET['id']}']")
    return HttpResponse(str((found, finder)))


@api.get("/books/{isbn}")
async def book(isbn: str):
    tree = etree.parse("/srv/catalogue.xml")
    # ruleid: xpath-injection
    return tree.find(f".//book[@isbn='{isbn}']")


# Near misses: XPath variables, constants, allow-lists.


@app.route("/safe-user")
def safe_user():
    # ok: xpath-injection
    return str(catalogue().xpath("//user[@name = $name]", name=request.args["name"]))


def constant_query():
    # ok: xpath-injection
    return catalogue().xpath("//user[@active='true']")


@app.route("/field")
def field():
    name = request.args["field"]
    if name in FIELDS:
        # ok: xpath-injection
        return str(catalogue().xpath("//user/" + name))
    return ""


@app.route("/text")
def text_find():
    # Near miss: str.find is not XPath.
    # ok: xpath-injection
    return str("haystack".find(request.args["needle"]))


async def aiohttp_stock(request):
    body = await request.json()
    evaluate = etree.XPathEvaluator(catalogue())
    # ruleid: xpath-injection
    return evaluate("count(//item[@warehouse='%s'])" % body["warehouse"])
