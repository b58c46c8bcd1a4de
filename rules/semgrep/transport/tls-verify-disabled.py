import aiohttp
import httpx
import requests


def fetch_status(url):
    # ruleid: tls-verify-disabled
    return requests.get(url, verify=False, timeout=5).json()


def internal_client():
    # ruleid: tls-verify-disabled
    return httpx.Client(base_url="https://billing.internal", verify=False)


def legacy_session():
    session = requests.Session()
    # ruleid: tls-verify-disabled
    session.verify = False
    return session


async def probe(url):
    # ruleid: tls-verify-disabled
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session:
        return await session.get(url)


def fetch_status_private_ca(url):
    # Near miss: verification against a private CA bundle.
    # ok: tls-verify-disabled
    return requests.get(url, verify="/etc/ssl/private-ca.pem", timeout=5).json()


def strict_client():
    # ok: tls-verify-disabled
    return httpx.Client(base_url="https://billing.internal", verify=True)


def parse_flags(parser):
    # Near miss: an unrelated keyword of the same name.
    # ok: tls-verify-disabled
    parser.add_argument("--dry-run", default=False)


def session_call(session, url):
    # ruleid: tls-verify-disabled
    return session.post(url, json={}, verify=False, timeout=5)


def read_claims(jwt, token):
    # ok: tls-verify-disabled
    return jwt.decode(token, verify=False)
