import random
import secrets
import string
import time

ALPHABET = string.ascii_letters + string.digits


def new_api_token():
    # ruleid: insecure-random-for-secret
    return "".join(random.choice(ALPHABET) for _ in range(32))


def reset_password(user):
    # ruleid: insecure-random-for-secret
    user.reset_code = random.randint(100000, 999999)


def invite(email):
    # ruleid: insecure-random-for-secret
    return {"email": email, "token": "%032x" % random.getrandbits(128)}


def issue_session(store, user_id):
    # ruleid: insecure-random-for-secret
    session_id = str(random.random())[2:]
    store[session_id] = user_id


def backoff(attempt):
    # Near miss: jitter for retries is not a secret.
    # ok: insecure-random-for-secret
    delay = 2**attempt + random.uniform(0, 1)
    time.sleep(delay)


def new_api_token_safely():
    # ok: insecure-random-for-secret
    return secrets.token_urlsafe(32)


def sample_rows(rows):
    # ok: insecure-random-for-secret
    picked = random.sample(rows, 10)
    return picked


def pick_password_chars():
    # Near miss: SystemRandom draws from os.urandom.
    # ok: insecure-random-for-secret
    password = "".join(random.SystemRandom().choice(ALPHABET) for _ in range(20))
    return password


def set_visitor_cookie(response):
    # ruleid: insecure-random-for-secret
    response.set_cookie("visitor", str(random.getrandbits(64)), secure=True, httponly=True)


def remember(session_store, response):
    from flask import session

    value = random.randint(0, 10**9)
    # ruleid: insecure-random-for-secret
    session["challenge"] = value
    # ruleid: insecure-random-for-secret
    upload_id = random.randrange(10**12)
    return upload_id


def shuffle_cookie(response):
    # Near miss: only the cookie's lifetime is random, not its value.
    # ok: insecure-random-for-secret
    response.set_cookie("layout", "grid", max_age=random.randint(3600, 7200), secure=True)
