# label: false cwe: 89 class: sql-injection
# The branch that would concatenate request data is dead (a constant False); the request
# value is bound as a parameter.
from django.db import connection
from django.http import JsonResponse

LEGACY_FILTERS = False


def orders(request):
    sql = "SELECT id, total FROM shop_order WHERE status = %s"
    status = request.GET.get("status", "open")
    if LEGACY_FILTERS:
        sql = "SELECT id, total FROM shop_order WHERE status = '" + status + "'"
    with connection.cursor() as cursor:
        cursor.execute(sql, [status])
        return JsonResponse({"orders": cursor.fetchall()})
