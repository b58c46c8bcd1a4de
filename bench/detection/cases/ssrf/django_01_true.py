# label: true cwe: 918 class: ssrf
# urllib.request.urlopen of a GET parameter.
import urllib.request

from django.http import HttpResponse


def import_feed(request):
    with urllib.request.urlopen(request.GET["feed"], timeout=10) as resp:
        return HttpResponse(resp.read(), content_type="application/rss+xml")
