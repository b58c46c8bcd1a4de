# label: true cwe: 90 class: ldap-injection
# ldap3 filter with an e-mail address from the query string.
from django.http import JsonResponse
from ldap3 import SUBTREE, Connection, Server


def by_email(request):
    email = request.GET.get("email", "")
    conn = Connection(Server("ldap://ldap"), auto_bind=True)
    conn.search("dc=example,dc=org", "(mail=" + email + ")", search_scope=SUBTREE)
    return JsonResponse({"dns": [e.entry_dn for e in conn.entries]})
