"""A local GitHub REST API for the tests: PyGithub talks to it over real HTTP.

Start one with the ``github_server`` fixture (``tests.ghserver.fixture``) or as a context
manager, seed it, point sastflow at ``server.url``, then read what was written::

    with GitHubServer() as server:
        server.add_repo("acme/app")
        server.add_token("tok", "github-actions[bot]", "write")
        ...

See ``server.py`` for the seeding, inspection and fault-injection API.
"""

from .events import Event, event_payload, load_event, write_event
from .gitfiles import pull_files
from .records import (
    Alert,
    AlertState,
    CheckRun,
    FileStatus,
    IssueComment,
    Permission,
    Pull,
    PullFile,
    RecordedRequest,
    Repo,
    Review,
    ReviewComment,
    ReviewState,
    ReviewThread,
    SchemaViolation,
    Status,
    Token,
    User,
    UserType,
)
from .server import Fault, GitHubServer

__all__ = [
    "Alert",
    "AlertState",
    "CheckRun",
    "Event",
    "Fault",
    "FileStatus",
    "GitHubServer",
    "IssueComment",
    "Permission",
    "Pull",
    "PullFile",
    "RecordedRequest",
    "Repo",
    "Review",
    "ReviewComment",
    "ReviewState",
    "ReviewThread",
    "SchemaViolation",
    "Status",
    "Token",
    "User",
    "UserType",
    "event_payload",
    "load_event",
    "pull_files",
    "write_event",
]
