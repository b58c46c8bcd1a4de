# label: true cwe: 78 class: command-injection
# POST field concatenated into a command string on an earlier line.
import subprocess

from django.http import HttpResponse


def archive(request):
    folder = request.POST["folder"]
    cmd = "tar czf /tmp/export.tgz " + folder
    out = subprocess.check_output(cmd, shell=True)
    return HttpResponse(out, content_type="text/plain")
