# label: false cwe: 95 class: code-injection
# ImageMath.eval with a constant expression; only the image comes from the user.
from flask import Flask, request, send_file
from PIL import Image, ImageMath

app = Flask(__name__)


@app.route("/gray", methods=["POST"])
def gray():
    img = Image.open(request.files["image"]).convert("L")
    out = ImageMath.eval("convert(a * 2, 'L')", a=img)
    out.save("/tmp/gray.png")
    return send_file("/tmp/gray.png")
