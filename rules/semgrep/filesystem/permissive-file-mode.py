import os
import stat
from pathlib import Path

UPLOADS = Path("/srv/notes/uploads")


def publish(path):
    # ruleid: permissive-file-mode
    os.chmod(path, 0o777)


def make_upload_dir():
    # ruleid: permissive-file-mode
    os.makedirs(UPLOADS, mode=0o777, exist_ok=True)


def share(path):
    # ruleid: permissive-file-mode
    Path(path).chmod(stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)


def write_shared(path, data):
    # ruleid: permissive-file-mode
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    os.write(fd, data)
    os.close(fd)


def publish_readable(path):
    # Near miss: world-readable, not world-writable.
    # ok: permissive-file-mode
    os.chmod(path, 0o644)


def private_dir():
    # ok: permissive-file-mode
    os.makedirs(UPLOADS, mode=0o750, exist_ok=True)


def open_text(path):
    # Near miss: an unrelated `mode=` keyword.
    # ok: permissive-file-mode
    return open(path, mode="w")
