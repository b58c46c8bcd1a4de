# label: false cwe: 501 class: trust-boundary
# The authenticated user's primary key, not request data.
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def remember(request):
    request.session["owner_id"] = request.user.pk
    return HttpResponse("remembered")
