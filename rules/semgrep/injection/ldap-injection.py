import ldap
import ldap3
from django.http import HttpResponse
from flask import Flask, request
from ldap.filter import escape_filter_chars

app = Flask(__name__)
BASE = "ou=people,dc=example,dc=org"


def directory():
    conn = ldap.initialize("ldap://ldap.example.org")
    conn.simple_bind_s("cn=app,dc=example,dc=org", "secret")
    return conn


@app.route("/people")
def people():
    name = request.args["name"]
    query = "(&(objectClass=person)(uid=" + name + "))"
    # ruleid: ldap-injection
    return str(directory().search_s(BASE, ldap.SCOPE_SUBTREE, query))


@app.route("/people/<uid>")
def person(uid):
    # ruleid: ldap-injection
    return str(directory().search_s(f"uid={uid},{BASE}", ldap.SCOPE_BASE, "(objectClass=*)"))


def django_lookup(request):
    server = ldap3.Server("ldap.example.org")
    conn = ldap3.Connection(server, auto_bind=True)
    mail = request.GET.get("mail")
    # ruleid: ldap-injection
    conn.search(BASE, f"(mail={mail})", attributes=["cn"])
    return HttpResponse(str(conn.entries))


async def aiohttp_handler(request):
    group = request.match_info["group"]
    # ruleid: ldap-injection
    return directory().search_s(BASE, ldap.SCOPE_SUBTREE, "(memberOf=cn=%s)" % group)


# Near misses: escaped values, constants and regex searches stay quiet.


@app.route("/escaped")
def escaped():
    name = escape_filter_chars(request.args["name"])
    # ok: ldap-injection
    return str(directory().search_s(BASE, ldap.SCOPE_SUBTREE, f"(uid={name})"))


def constant_search():
    # ok: ldap-injection
    return directory().search_s(BASE, ldap.SCOPE_SUBTREE, "(objectClass=person)")


@app.route("/grep")
def grep():
    import re

    # ok: ldap-injection
    return str(re.search(request.args["pattern"], "text"))


@app.route("/by-id")
def by_id():
    number = int(request.args["id"])
    # ok: ldap-injection
    return str(directory().search_s(BASE, ldap.SCOPE_SUBTREE, f"(uidNumber={number})"))


async def aiohttp_login(request):
    form = await request.post()
    user_dn = f"uid={form['user']},ou=people,dc=example,dc=com"
    # ruleid: ldap-injection
    conn = ldap3.Connection(ldap3.Server("ldap://ldap"), user=user_dn, password=form["password"])
    return conn.bind()
