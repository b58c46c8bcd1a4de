# label: true cwe: 90 class: ldap-injection
# Filter %-formatted on an earlier line, then search_s.
import ldap
from django.http import JsonResponse

BASE = "ou=staff,dc=corp,dc=example"


def staff_lookup(request):
    flt = "(uid=%s)" % request.POST["login"]
    conn = ldap.initialize("ldaps://dc.corp.example")
    entries = conn.search_s(BASE, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])
    return JsonResponse({"count": len(entries)})
