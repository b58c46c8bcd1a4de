# label: true cwe: 94 class: code-injection
# User source compiled and executed.
from django.http import JsonResponse


def run_rule(request):
    source = request.POST["rule"]
    code = compile(source, "<rule>", "exec")
    scope = {"order": {"total": 10}}
    exec(code, scope)
    return JsonResponse({"discount": scope.get("discount", 0)})
