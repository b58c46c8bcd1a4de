# label: true cwe: 1336 class: ssti
# Django Template compiled from a POST field.
from django.http import HttpResponse
from django.template import Context, Template


def mail_preview(request):
    body = Template(request.POST["body"])
    return HttpResponse(body.render(Context({"customer": "Ada"})))
