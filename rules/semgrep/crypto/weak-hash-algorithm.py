import hashlib

from Crypto.Hash import MD5
from cryptography.hazmat.primitives import hashes


def etag(body):
    # ruleid: weak-hash-algorithm
    return hashlib.md5(body).hexdigest()


def signature(message):
    # ruleid: weak-hash-algorithm
    digest = hashlib.new("sha1", message)
    return digest.hexdigest()


def legacy(data):
    # ruleid: weak-hash-algorithm
    h = MD5.new()
    h.update(data)
    # ruleid: weak-hash-algorithm
    return hashes.Hash(hashes.SHA1())


def empty_then_update(chunks):
    # ruleid: weak-hash-algorithm
    h = hashlib.sha1()
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


# Near misses: the documented opt-out, strong digests, and passwords (another rule).


def cache_key(url):
    # ok: weak-hash-algorithm
    return hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def strong(data):
    # ok: weak-hash-algorithm
    return hashlib.sha256(data).hexdigest()


def strong_new(data):
    # ok: weak-hash-algorithm
    return hashlib.new("sha256", data).hexdigest()


def password_hash(password):
    # weak-hash-for-password reports this line; this rule stays quiet so it is reported once.
    # ok: weak-hash-algorithm
    return hashlib.md5(password.encode()).hexdigest()
