import ssl
import urllib.request


def fetch(url):
    # ruleid: ssl-unverified-context
    context = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=context, timeout=10).read()


def lenient_context():
    context = ssl.create_default_context()
    # ruleid: ssl-unverified-context
    context.check_hostname = False
    # ruleid: ssl-unverified-context
    context.verify_mode = ssl.CERT_NONE
    return context


# ruleid: ssl-unverified-context
ssl._create_default_https_context = ssl._create_unverified_context


def strict_context():
    # ok: ssl-unverified-context
    context = ssl.create_default_context(cafile="/etc/ssl/private-ca.pem")
    # Near miss: tightening the mode is fine.
    # ok: ssl-unverified-context
    context.verify_mode = ssl.CERT_REQUIRED
    return context
