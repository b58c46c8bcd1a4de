import os
import tempfile
from tempfile import mktemp


def export_csv(rows):
    # ruleid: tempfile-mktemp
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as handle:
        handle.writelines(rows)
    return path


def scratch():
    # ruleid: tempfile-mktemp
    return mktemp(dir="/tmp")


def export_csv_safely(rows):
    # ok: tempfile-mktemp
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
        handle.writelines(rows)
        return handle.name


def make_fifo():
    # Near miss: os.mkfifo fails if the name exists, so the race cannot be won.
    # ok: tempfile-mktemp
    name = tempfile.mktemp(prefix="notes-")
    os.mkfifo(name, 0o600)
    return name


def exclusive_create():
    # ok: tempfile-mktemp
    name = tempfile.mktemp()
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return fd
