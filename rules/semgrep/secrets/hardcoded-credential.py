import os

import psycopg2
import requests

# ruleid: hardcoded-credential
DB_PASSWORD = "s3cr3t-Pr0d-2024"


def connect():
    # ruleid: hardcoded-credential
    return psycopg2.connect(host="db", user="app", password="hunter2hunter2")


def client():
    session = requests.Session()
    # ruleid: hardcoded-credential
    session.headers["api_key"] = "9f86d081884c7d659a2feaa0c55ad015"
    return session


# ruleid: hardcoded-credential
def login(user="admin", password="admin-default-pw"):
    return user, password


SETTINGS = {
    # ruleid: hardcoded-credential
    "client_secret": "b0b2e4c8-1d2e-4bb0-9a57-0c9a4b8b55e1",
}

# Near miss: names that merely contain a credential word.
# ok: hardcoded-credential
TOKEN_TYPE = "bearer-token"
# ok: hardcoded-credential
password_field = "password_confirmation"

# ok: hardcoded-credential
API_KEY = os.environ["API_KEY"]
# ok: hardcoded-credential
SMTP_PASSWORD = "<set-in-environment>"
# ok: hardcoded-credential
REDIS_PASSWORD = ""
