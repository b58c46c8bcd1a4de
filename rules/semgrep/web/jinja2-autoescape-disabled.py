import jinja2
from jinja2 import Environment, FileSystemLoader, select_autoescape

# ruleid: jinja2-autoescape-disabled
emails = Environment(loader=FileSystemLoader("templates/email"))

# ruleid: jinja2-autoescape-disabled
pages = jinja2.Environment(loader=FileSystemLoader("templates"), autoescape=False)


def legacy(env):
    # ruleid: jinja2-autoescape-disabled
    env.autoescape = False
    return env


# ok: jinja2-autoescape-disabled
safe_pages = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())


def configured(options):
    # Near miss: the options may well turn autoescaping on.
    # ok: jinja2-autoescape-disabled
    return Environment(**options)


# ok: jinja2-autoescape-disabled
strict = jinja2.Environment(autoescape=True)


def aiohttp_setup(app):
    import aiohttp_jinja2

    # ruleid: jinja2-autoescape-disabled
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("templates"), autoescape=False)
    # ok: jinja2-autoescape-disabled
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader("templates"))


TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        # ruleid: jinja2-autoescape-disabled
        "OPTIONS": {"autoescape": False},
    },
]
