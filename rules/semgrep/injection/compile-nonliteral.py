import re
from re import compile as regex_compile


def load_plugin(source, filename):
    # ruleid: compile-nonliteral
    code = compile(source, filename, "exec")
    namespace = {}
    exec(code, namespace)
    return namespace


def make_predicate(expr):
    # ruleid: compile-nonliteral
    return compile("lambda row: " + expr, "<filter>", "eval")


def constant_code():
    # ok: compile-nonliteral
    return compile("1 + 1", "<const>", "eval")


def slug_pattern(word):
    # Near miss: a regular expression, not Python code.
    # ok: compile-nonliteral
    return re.compile(rf"\b{re.escape(word)}\b")


def imported_regex(word):
    # ok: compile-nonliteral
    return regex_compile(word)


RULE = compile("weight * 1.5", "<r>", "eval")


def scaled(request):
    n = int(request.args["n"])
    # ok: compile-nonliteral
    return compile(f"{n} * 1.5", "<r>", "eval")


def from_stdin():
    # ruleid: compile-nonliteral
    return compile(input(), "<stdin>", "exec")
