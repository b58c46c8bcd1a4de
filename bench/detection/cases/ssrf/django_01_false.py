# label: false cwe: 918 class: ssrf
# Fixed host; the slug is URL-quoted into the path.
import urllib.request
from urllib.parse import quote

from django.http import HttpResponse


def import_feed(request):
    url = "https://feeds.example.com/" + quote(request.GET["slug"], safe="")
    with urllib.request.urlopen(url, timeout=10) as resp:
        return HttpResponse(resp.read(), content_type="application/rss+xml")
