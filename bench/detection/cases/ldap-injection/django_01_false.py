# label: false cwe: 90 class: ldap-injection
# ldap.filter.filter_format escapes its arguments.
import ldap
import ldap.filter
from django.http import JsonResponse

BASE = "ou=staff,dc=corp,dc=example"


def staff_lookup(request):
    flt = ldap.filter.filter_format("(uid=%s)", [request.POST["login"]])
    conn = ldap.initialize("ldaps://dc.corp.example")
    entries = conn.search_s(BASE, ldap.SCOPE_SUBTREE, flt, ["cn", "mail"])
    return JsonResponse({"count": len(entries)})
