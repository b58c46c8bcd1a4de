# label: false cwe: 90 class: ldap-injection
# Constant filter; the request only sets the page size, through int().
from django.http import JsonResponse
from ldap3 import SUBTREE, Connection, Server


def all_people(request):
    size = int(request.GET.get("size", "50"))
    conn = Connection(Server("ldap://ldap"), auto_bind=True)
    conn.search("dc=example,dc=org", "(objectClass=person)", search_scope=SUBTREE, paged_size=size)
    return JsonResponse({"count": len(conn.entries)})
