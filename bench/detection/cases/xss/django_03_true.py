# label: true cwe: 79 class: xss
# Request value written into an inline script.
from django.http import HttpResponse


def widget(request):
    q = request.GET.get("q", "")
    body = f"<script>var query = '{q}'; render(query);</script>"
    return HttpResponse(body)
