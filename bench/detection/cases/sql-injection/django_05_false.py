# label: false cwe: 89 class: sql-injection
# ORDER BY column checked against an allow-list (identifiers cannot be bound).
from django.db import connection
from django.http import JsonResponse

SORTABLE = {"name", "price", "created"}


def products(request):
    column = request.GET.get("sort", "name")
    if column not in SORTABLE:
        column = "name"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name FROM shop_product ORDER BY {column}")
        rows = cursor.fetchall()
    return JsonResponse({"products": rows})
