import hashlib
import hmac
import os


def store_password(user, password):
    # ruleid: weak-hash-for-password
    user.password_hash = hashlib.md5(password.encode()).hexdigest()


def check_password(user, password):
    # ruleid: weak-hash-for-password
    digest = hashlib.sha256(user.salt + password.encode()).hexdigest()
    return hmac.compare_digest(digest, user.password_hash)


def token_fingerprint(api_token):
    # ruleid: weak-hash-for-password
    return hashlib.sha1(api_token.encode()).hexdigest()


def legacy_hash(raw_pwd):
    h = hashlib.new("md5")
    # ruleid: weak-hash-for-password
    h.update(raw_pwd)
    return h.hexdigest()


def file_checksum(data):
    # Near miss: MD5 of file contents is a checksum, not a credential.
    # ok: weak-hash-for-password
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def store_token(token):
    # ok: weak-hash-for-password
    return hashlib.sha256(token.encode()).hexdigest()


def store_password_safely(password):
    salt = os.urandom(16)
    # ok: weak-hash-for-password
    return salt + hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def etag(body):
    # ok: weak-hash-for-password
    return hashlib.md5(body).hexdigest()


# ruleid: weak-hash-for-password
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
]


def settings_module():
    # Near miss: a slow KDF first; the MD5 hasher only verifies old hashes until they upgrade.
    # ok: weak-hash-for-password
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    return PASSWORD_HASHERS
