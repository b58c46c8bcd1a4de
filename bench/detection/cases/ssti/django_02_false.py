# label: false cwe: 1336 class: ssti
# render() with a template name and a context.
from django.shortcuts import render


def letter(request):
    return render(request, "letter.html", {"name": request.GET.get("name", "")})
