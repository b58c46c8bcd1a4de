# label: true cwe: 89 class: sql-injection
# connection.cursor().execute with a cookie in an f-string.
from django.db import connection
from django.http import HttpResponse


def logout_everywhere(request):
    key = request.COOKIES.get("sid", "")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM app_session WHERE session_key = '{key}'")
    return HttpResponse("bye")
