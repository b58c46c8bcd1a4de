import os
import subprocess
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
