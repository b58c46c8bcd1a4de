from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from flask import Flask
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


# ruleid: csrf-exemption
@csrf_exempt
def transfer(request):
    return HttpResponse("done")


# ruleid: csrf-exemption
@csrf.exempt
@app.route("/hook", methods=["POST"])
def hook():
    return "ok"


# ruleid: csrf-exemption
app.config["WTF_CSRF_ENABLED"] = False

# ruleid: csrf-exemption
legacy = csrf_exempt(transfer)


# Near misses: protection kept, or switched on explicitly.


# ok: csrf-exemption
@csrf_protect
def update_email(request):
    return HttpResponse("ok")


# ok: csrf-exemption
app.config["WTF_CSRF_ENABLED"] = True


class SearchForm(FlaskForm):
    class Meta:
        # ok: csrf-exemption
        csrf = True
