# label: false cwe: 79 class: xss
# django.utils.html.escape before building the HTML.
from django.http import HttpResponse
from django.utils.html import escape


def widget(request):
    q = escape(request.GET.get("q", ""))
    return HttpResponse(f"<p class='query'>{q}</p>")
