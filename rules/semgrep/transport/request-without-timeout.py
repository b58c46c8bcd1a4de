import requests


def latest_release(repo):
    # ruleid: request-without-timeout
    return requests.get(f"https://api.github.com/repos/{repo}/releases/latest").json()


def post_event(url, event):
    session = requests.Session()
    session.headers["User-Agent"] = "notes/1.0"
    # ruleid: request-without-timeout
    return session.post(url, json=event)


def ping(url):
    with requests.Session() as http:
        # ruleid: request-without-timeout
        return http.head(url).ok


def download(url):
    # ruleid: request-without-timeout
    return requests.get(url, stream=True, timeout=None)


def latest_release_bounded(repo):
    # ok: request-without-timeout
    return requests.get(f"https://api.github.com/repos/{repo}/releases/latest", timeout=10)


def forward(url, **kwargs):
    # Near miss: the caller's keyword arguments may carry the timeout.
    # ok: request-without-timeout
    return requests.post(url, **kwargs)


def read_headers(response):
    # Near miss: a dict .get, not an HTTP call.
    # ok: request-without-timeout
    return response.headers.get("ETag")
