# label: true cwe: 79 class: xss
# mark_safe on HTML concatenated with a GET parameter.
from django.shortcuts import render
from django.utils.safestring import mark_safe


def profile_link(request):
    user = request.GET.get("u", "")
    link = mark_safe("<a href='/u/" + user + "'>" + user + "</a>")
    return render(request, "profile.html", {"link": link})
