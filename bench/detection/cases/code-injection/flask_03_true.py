# label: true cwe: 95 class: code-injection
# PIL.ImageMath.eval of a query parameter (it evaluates Python expressions).
from flask import Flask, request, send_file
from PIL import Image, ImageMath

app = Flask(__name__)


@app.route("/filter")
def apply_filter():
    img = Image.open("/srv/images/base.png").convert("L")
    out = ImageMath.eval(request.args["expr"], a=img)
    out.convert("L").save("/tmp/out.png")
    return send_file("/tmp/out.png")
