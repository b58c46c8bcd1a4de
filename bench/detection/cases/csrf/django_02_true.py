# label: true cwe: 352 class: csrf
# Class-based profile view exempted through method_decorator.
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt


@method_decorator(csrf_exempt, name="dispatch")
class ProfileUpdate(View):
    def post(self, request):
        request.user.email = request.POST["email"]
        request.user.save()
        return HttpResponse("saved")
