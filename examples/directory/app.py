"""Team directory: an aiohttp service that looks people up in LDAP and in the org chart."""

import aiohttp_jinja2
import jinja2
import ldap
from aiohttp import web
from lxml import etree

BASE_DN = "ou=people,dc=inkwell,dc=example"
ORG_CHART = etree.parse("/srv/directory/org-chart.xml")


def directory():
    conn = ldap.initialize("ldap://ldap.inkwell.example")
    conn.simple_bind_s("cn=directory,dc=inkwell,dc=example", "")
    return conn


async def person(request):
    login = request.match_info["login"]
    entries = directory().search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(uid={login})", ["cn", "mail"])
    return web.json_response({"entries": [dn for dn, _ in entries]})


async def reports_to(request):
    manager = request.query.get("manager", "")
    names = ORG_CHART.xpath(f"//person[@manager='{manager}']/@name")
    return web.json_response({"reports": [str(n) for n in names]})


@aiohttp_jinja2.template("directory.html")
async def index(request):
    return {"query": request.query.get("q", "")}


def make_app():
    app = web.Application(debug=True)
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("directory/templates"), autoescape=False)
    app.router.add_get("/", index)
    app.router.add_get("/people/{login}", person)
    app.router.add_get("/reports", reports_to)
    return app
