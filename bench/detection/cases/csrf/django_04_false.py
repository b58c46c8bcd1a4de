# label: false cwe: 352 class: csrf
# Plain view; CsrfViewMiddleware protects it.
from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def rename(request):
    request.user.first_name = request.POST["first_name"]
    request.user.save()
    return HttpResponse("saved")
