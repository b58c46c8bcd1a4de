import jinja2
from flask import Flask, render_template_string, request

app = Flask(__name__)
env = jinja2.Environment(autoescape=True)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: template-string-injection
    return render_template_string(f"<h1>Hello {name}!</h1>")


@app.route("/preview", methods=["POST"])
def preview():
    body = request.form["body"]
    # ruleid: template-string-injection
    return env.from_string("<article>" + body + "</article>").render()


@app.get("/card/<title>")
def card(title):
    # ruleid: template-string-injection
    return jinja2.Template("<h2>%s</h2>" % title).render()


@app.route("/hello-safe")
def hello_safe():
    # Near miss: the request value is a template variable, never template source.
    # ok: template-string-injection
    return render_template_string("<h1>Hello {{ name }}!</h1>", name=request.args.get("name"))


def render_footer(year):
    # ok: template-string-injection
    return env.from_string(f"<footer>(c) {year}</footer>").render()


def snippet():
    return request.args.get("snippet", "")


@app.route("/snippet")
def snippet_view():
    # ruleid: template-string-injection
    return jinja2.Environment().from_string(snippet()).render()


def django_greeting(request):
    from django.template import Context, Template

    # ruleid: template-string-injection
    return Template("<p>Hi " + request.GET["name"] + "</p>").render(Context({}))


async def aiohttp_page(request):
    data = await request.post()
    # ruleid: template-string-injection
    return jinja2.Template(data["layout"]).render()


@app.route("/replaced")
def replaced():
    layout = request.args["layout"]
    layout = "<p>{{ message }}</p>"
    # ok: template-string-injection
    return render_template_string(layout, message="hi")
