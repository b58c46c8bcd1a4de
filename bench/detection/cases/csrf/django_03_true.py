# label: true cwe: 352 class: csrf
# csrf_exempt applied in the URLconf.
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from accounts import views

urlpatterns = [
    path("password/", csrf_exempt(views.change_password), name="change-password"),
    path("profile/", views.profile, name="profile"),
]
