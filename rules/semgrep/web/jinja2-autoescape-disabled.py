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
