# label: false cwe: 1336 class: ssti
# Constant Django template; the POST field goes into the Context.
from django.http import HttpResponse
from django.template import Context, Template

BODY = Template("Dear {{ customer }},\n\n{{ message }}")


def mail_preview(request):
    return HttpResponse(BODY.render(Context({"customer": "Ada", "message": request.POST["body"]})))
