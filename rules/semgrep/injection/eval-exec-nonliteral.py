import ast
import sys


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


def square(request):
    # Near miss: a number cannot carry Python syntax.
    n = int(request.args["n"])
    # ok: eval-exec-nonliteral
    return eval(f"{n} ** 2")


RULE = compile("weight * 1.5", "<r>", "eval")


def score(weight):
    # Near miss: the code object is compiled from a constant at module level.
    # ok: eval-exec-nonliteral
    return eval(RULE, {"weight": weight})


def from_argv():
    # ruleid: eval-exec-nonliteral
    return eval(sys.argv[1])
