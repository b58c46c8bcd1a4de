import shlex
import subprocess
from subprocess import check_output


def archive(path, dest):
    # ruleid: subprocess-shell-nonliteral
    subprocess.run(f"tar -czf {dest} {path}", shell=True, check=True)


def grep(pattern, filename):
    cmd = "grep -n '%s' %s" % (pattern, filename)
    # ruleid: subprocess-shell-nonliteral
    return subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE)


def disk_usage(mount):
    # ruleid: subprocess-shell-nonliteral
    return check_output("df -h " + mount, shell=True)


def uptime():
    # ok: subprocess-shell-nonliteral
    return subprocess.check_output("uptime", shell=True)


def list_tmp():
    command = "ls -la /tmp | wc -l"
    # ok: subprocess-shell-nonliteral
    return subprocess.check_output(command, shell=True)


def archive_safely(path, dest):
    # Near miss: a computed command, but an argument list and no shell.
    # ok: subprocess-shell-nonliteral
    subprocess.run(["tar", "-czf", dest, path], check=True)


def echo_positional(name):
    # Near miss: with shell=True the extra list items are positional parameters, not script.
    # ok: subprocess-shell-nonliteral
    subprocess.run(["echo \"$0\"", name], shell=True)


def ping_quoted(host):
    # Near miss: the only computed part is quoted for the shell.
    cmd = f"ping -c 1 {shlex.quote(host)}"
    # ok: subprocess-shell-nonliteral
    subprocess.run(cmd, shell=True)


def ping_count(request):
    count = int(request.GET["count"])
    # ok: subprocess-shell-nonliteral
    subprocess.run(f"ping -c {count} 127.0.0.1", shell=True)


def from_stdin():
    # ruleid: subprocess-shell-nonliteral
    subprocess.call("grep " + input(), shell=True)
