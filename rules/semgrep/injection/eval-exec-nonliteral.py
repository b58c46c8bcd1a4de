import ast


def calculate(expression):
    # ruleid: eval-exec-nonliteral
    return eval(expression)


def run_hook(hook_source, context):
    # ruleid: eval-exec-nonliteral
    exec(hook_source, {"__builtins__": {}}, context)


def parse_setting(raw):
    # ruleid: eval-exec-nonliteral
    return eval(f"dict({raw})")


def answer():
    # ok: eval-exec-nonliteral
    return eval("6 * 7")


def define_helpers(namespace):
    snippet = "def double(x):\n    return 2 * x\n"
    # ok: eval-exec-nonliteral
    exec(snippet, namespace)


def parse_literal(raw):
    # Near miss: literal_eval only accepts Python literals.
    # ok: eval-exec-nonliteral
    return ast.literal_eval(raw)


def prompt():
    # One finding for the call, none for the nested `input()`.
    # ruleid: eval-exec-nonliteral
    return eval(input())
