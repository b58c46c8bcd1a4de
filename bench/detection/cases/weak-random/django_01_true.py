# label: true cwe: 338 class: weak-random
# One-time SMS code from random.randint.
import random

from django.http import HttpResponse

from accounts.sms import send_sms


def send_code(request):
    code = random.randint(100000, 999999)
    request.session["otp"] = code
    send_sms(request.user.profile.phone, f"Your code is {code}")
    return HttpResponse("sent")
