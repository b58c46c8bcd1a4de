# label: false cwe: 89 class: sql-injection
# Limit converted with int() before formatting.
from django.db import connection
from django.http import JsonResponse


def latest(request):
    limit = int(request.GET.get("limit", "10"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM blog_post ORDER BY created DESC LIMIT %d" % limit)
        rows = cursor.fetchall()
    return JsonResponse({"posts": rows})
