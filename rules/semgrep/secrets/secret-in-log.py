import logging

log = logging.getLogger(__name__)


def login(username, password):
    # ruleid: secret-in-log
    log.debug("login attempt user=%s password=%s", username, password)


def refresh(session):
    # ruleid: secret-in-log
    logging.info(f"refreshed session, new token {session.access_token}")


class Client:
    def __init__(self, api_key):
        self.api_key = api_key
        self.logger = logging.getLogger("client")

    def call(self, url):
        # ruleid: secret-in-log
        self.logger.warning("calling %s with key %s" % (url, self.api_key))


def change_password(user, new_password):
    # Near miss: the message mentions a password but logs only the user id.
    # ok: secret-in-log
    log.info("password changed for user %s", user.id)


def token_expiry(session):
    # ok: secret-in-log
    log.info("token expires at %s", session.token_expires_at)


def show(password):
    # ok: secret-in-log
    print("Remember to rotate your password")
