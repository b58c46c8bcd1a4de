import os
import shlex
import subprocess
import sys
from os import system as run_shell


def ping(host):
    # ruleid: shell-function-nonliteral
    return os.system("ping -c 1 " + host)


def resolve(name):
    # ruleid: shell-function-nonliteral
    return subprocess.getoutput(f"dig +short {name}")


def count_lines(path):
    # ruleid: shell-function-nonliteral
    with os.popen("wc -l %s" % path) as pipe:
        return pipe.read()


def restart(service):
    # ruleid: shell-function-nonliteral
    run_shell("systemctl restart {}".format(service))


def clear_cache():
    # ok: shell-function-nonliteral
    os.system("rm -rf /var/cache/app/*")


def kernel():
    name = "uname -r"
    # ok: shell-function-nonliteral
    return subprocess.getoutput(name)


def ping_safely(host):
    # Near miss: the same intent, done with an argument list and no shell.
    # ok: shell-function-nonliteral
    return subprocess.run(["ping", "-c", "1", host], check=False).returncode


def prompt():
    # One finding for the call, none for the nested `input()`.
    # ruleid: shell-function-nonliteral
    os.system(input())


def ping_count(request):
    # Near miss: a number cannot carry shell syntax.
    count = int(request.GET["count"])
    # ok: shell-function-nonliteral
    os.system(f"ping -c {count} 127.0.0.1")


def ping_quoted(host):
    # ok: shell-function-nonliteral
    return subprocess.getoutput("ping -c 1 " + shlex.quote(host))


def disk_usage(x):
    cmd = "df -h " + x
    # Near miss: the computed value is replaced by a constant before the call.
    cmd = "df -h /"
    # ok: shell-function-nonliteral
    os.system(cmd)


def from_argv():
    # ruleid: shell-function-nonliteral
    os.system("ls " + sys.argv[1])


def from_env():
    # ruleid: shell-function-nonliteral
    os.popen("ls " + os.environ.get("DIR", "/"))
