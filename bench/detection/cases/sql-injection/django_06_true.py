# label: true cwe: 89 class: sql-injection
# Filter appended to the query only when the client sends one.
from django.db import connection
from django.http import JsonResponse


def orders(request):
    sql = "SELECT id, total FROM shop_order"
    status = request.GET.get("status")
    if status:
        sql += " WHERE status = '" + status + "'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return JsonResponse({"orders": cursor.fetchall()})
