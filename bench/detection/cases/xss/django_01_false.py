# label: false cwe: 79 class: xss
# format_html escapes its arguments.
from django.http import HttpResponse
from django.utils.html import format_html


def greet(request):
    return HttpResponse(format_html("<p>Hi {}</p>", request.GET.get("name", "")))
