# label: true cwe: 95 class: code-injection
# PIL.ImageMath.eval of a POST field in a Django view.
from django.http import HttpResponse
from PIL import Image, ImageMath


def blend(request):
    band = Image.open(request.FILES["image"]).convert("L")
    result = ImageMath.eval(request.POST.get("formula", "a"), a=band)
    response = HttpResponse(content_type="image/png")
    result.convert("L").save(response, "PNG")
    return response
