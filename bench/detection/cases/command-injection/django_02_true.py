# label: true cwe: 78 class: command-injection
# GET parameter %-formatted into a shell=True call.
import subprocess

from django.http import JsonResponse


def commits(request):
    author = request.GET.get("author", "")
    status = subprocess.call("git log --oneline --author=%s > /tmp/log.txt" % author, shell=True)
    return JsonResponse({"status": status})
