"""The HTML report's "Accept…" dialog in a real browser (Debian's chromium through Selenium):
a real two-engine scan's report is opened from disk, filtered, a finding accepted through the
dialog, several selected and accepted as one batch; every command the page produced is then
run through ``sastflow triage accept`` and the ledger read back with ``triage list``, and the
YAML the page produced is byte for byte what the command wrote.

One browser for the module; slow (a browser start and a scan).
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo, RepoFactory, run_cli
from tests.triage.test_groups import GROUPED, SHELL_LINE

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
if CHROMIUM is None or DRIVER is None:  # .ci/run installs both
    pytest.skip(
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

ODD_PATH = 'app/it\'s "odd".py'  # a quote of each kind and a space: shell and YAML quoting
ODD = "import subprocess\n\n\ndef go(cmd):\n    subprocess.call(cmd, shell=True)\n"
REASON = 'argv is built from the "targets" table; it\'s constant'


@pytest.fixture(scope="module")
def scanned(git_repo_factory: RepoFactory, tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    return git_repo_factory({"app/tasks.py": GROUPED, ODD_PATH: ODD})


@pytest.fixture(scope="module")
def report(scanned: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "report.html"
    run = run_cli(scanned.path, "scan", "--html", str(out), "-q")
    assert run.code == 1, run.err
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument("--window-size=1400,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser: WebDriver, report: Path) -> WebDriver:
    browser.get(report.as_uri())
    return browser


def click(page: WebDriver, element: WebElement) -> None:
    """Click as a user would, once the element is in view below the sticky filter bar."""
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def rows(page: WebDriver) -> list[WebElement]:
    return page.find_elements(By.CSS_SELECTOR, "details.finding")


def visible(page: WebDriver) -> list[WebElement]:
    return [row for row in rows(page) if row.is_displayed()]


def row_at(page: WebDriver, location: str, rule: str) -> WebElement:
    for row in rows(page):
        actions = row.find_element(By.CSS_SELECTOR, ".actions")
        where = row.find_element(By.CSS_SELECTOR, "summary .loc").get_attribute("textContent")
        if where == location and actions.get_attribute("data-rule") == rule:
            return row
    raise AssertionError(f"no row at {location} led by {rule}")


def fill(
    page: WebDriver, *, reason: str, expires: str, ticket: str = "", by: str = "alice"
) -> None:
    form = page.find_element(By.ID, "accept-form")
    for name, value in (("reason", reason), ("expires", expires), ("ticket", ticket), ("by", by)):
        field = form.find_element(By.NAME, name)
        field.clear()
        if value:
            field.send_keys(value)


def produced(page: WebDriver) -> tuple[str, str, str]:
    def value(element_id: str) -> str:
        return str(page.find_element(By.ID, element_id).get_attribute("value"))

    problem = page.find_element(By.ID, "accept-problem").text
    return value("accept-command"), value("accept-yaml"), problem


def run_commands(repo: GitRepo, commands: str) -> list[Any]:
    """Each line the page produced, run as the user would paste it (minus the program name)."""
    for line in commands.splitlines():
        argv = shlex.split(line)
        assert argv[:3] == ["sastflow", "triage", "accept"], argv
        done = run_cli(repo.path, *argv[1:])
        assert done.code == 0, done.err
    listing = run_cli(repo.path, "triage", "list", "--no-scan", "--json")
    assert listing.code == 0, listing.err
    entries: list[Any] = listing.json()["entries"]
    return entries


@pytest.fixture
def repo(scanned: GitRepo, tmp_path: Path) -> GitRepo:
    """A fresh copy of the scanned repository, without a ledger yet."""
    copy = tmp_path / "repo"
    shutil.copytree(scanned.path, copy)
    return GitRepo(copy)


def test_the_script_runs_under_the_reports_content_security_policy(page: WebDriver) -> None:
    assert page.find_element(By.ID, "shown").text == f"{len(rows(page))} of {len(rows(page))} shown"
    severe = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_accept_one_finding_through_the_dialog_round_trips(page: WebDriver, repo: GitRepo) -> None:
    row = row_at(page, f"app/tasks.py:{SHELL_LINE}", "sastflow.subprocess-shell-nonliteral")
    click(page, row.find_element(By.TAG_NAME, "summary"))
    click(page, row.find_element(By.CSS_SELECTOR, "button.accept-one"))
    dialog = page.find_element(By.ID, "accept-dialog")
    assert dialog.is_displayed()
    assert "sastflow.subprocess-shell-nonliteral at app/tasks.py:7" in dialog.text

    fill(page, reason="", expires="+30d")
    command, yaml, problem = produced(page)
    assert command == "" and yaml == "" and "the reason is empty" in problem
    fill(page, reason=REASON, expires="2026-02-30")
    assert "expires must be +Nd or a date" in produced(page)[2]

    expires = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    fill(page, reason=REASON, expires="+30d", ticket="SEC-7")
    command, yaml, problem = produced(page)
    assert problem == ""
    assert f"--expires {expires}" in command and "--group " in command
    entries = run_commands(repo, command)
    (entry,) = entries
    assert entry["rule"] == "sastflow.subprocess-shell-nonliteral"
    assert entry["path"] == "app/tasks.py" and entry["reason"] == REASON
    assert entry["approved_by"] == "alice" and entry["ticket"] == "SEC-7"
    assert entry["expires"] == expires
    assert [m["rule"] for m in entry["group"]] == ["bandit.B602"]
    ledger = (repo.path / "triage" / "ledger.yml").read_text(encoding="utf-8")
    assert ledger.endswith(yaml)  # the entry shown is the entry written, byte for byte
    page.find_element(By.CSS_SELECTOR, "#accept-form button[value=close]").click()
    assert not dialog.is_displayed()


def test_filter_select_and_accept_a_batch(page: WebDriver, repo: GitRepo) -> None:
    total = len(rows(page))
    medium = page.find_element(By.CSS_SELECTOR, 'input[name="sev"][value="medium"]')
    click(page, medium)  # hide the medium rows (the filter applies after a short pause)
    WebDriverWait(page, 10).until(lambda d: len(visible(d)) < total)
    shown = visible(page)
    assert 0 < len(shown) < total
    assert page.find_element(By.ID, "shown").text == f"{len(shown)} of {total} shown"
    assert all(row.get_attribute("data-sev") != "medium" for row in shown)

    click(page, page.find_element(By.ID, "expand"))
    wanted = [
        row_at(page, f"app/tasks.py:{SHELL_LINE}", "sastflow.subprocess-shell-nonliteral"),
        row_at(page, f"{ODD_PATH}:5", "sastflow.subprocess-shell-nonliteral"),
    ]
    for row in wanted:
        assert row.is_displayed()
        click(page, row.find_element(By.CSS_SELECTOR, "input.pick"))
    selection = page.find_element(By.ID, "selection")
    assert selection.is_displayed()
    assert page.find_element(By.ID, "picked").text == "2"
    listed = [li.text for li in page.find_elements(By.CSS_SELECTOR, "#picked-list li")]
    assert sorted(listed) == sorted(  # in the report's order
        [
            f"app/tasks.py:{SHELL_LINE} · sastflow.subprocess-shell-nonliteral",
            f"{ODD_PATH}:5 · sastflow.subprocess-shell-nonliteral",
        ]
    )
    click(page, page.find_element(By.ID, "accept-picked"))
    assert "2 selected findings" in page.find_element(By.ID, "accept-dialog").text
    fill(page, reason="reviewed in the batch", expires="2026-12-31", by="sec-alice")
    command, yaml, problem = produced(page)
    assert problem == "" and len(command.splitlines()) == 2
    entries = run_commands(repo, command)
    assert sorted(e["path"] for e in entries) == sorted(["app/tasks.py", ODD_PATH])
    assert {e["reason"] for e in entries} == {"reviewed in the batch"}
    assert all(len(e["group"]) == 1 and e["group"][0]["rule"] == "bandit.B602" for e in entries)
    ledger = (repo.path / "triage" / "ledger.yml").read_text(encoding="utf-8")
    assert ledger.endswith(yaml)
    # The ledger accepts both rows, for both engines.
    sarif = repo.path / "after.sarif"
    assert run_cli(repo.path, "scan", "--sarif", str(sarif), "-q").code in (0, 1)
    log = json.loads(sarif.read_text(encoding="utf-8"))
    accepted = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
        for run in log["runs"]
        for r in run["results"]
        if any(s["status"] == "accepted" for s in r.get("suppressions", []))
    }
    assert ("app/tasks.py", "bandit.B602") in accepted
    assert ("app/tasks.py", "sastflow.subprocess-shell-nonliteral") in accepted
    assert len([uri for uri, _rule in accepted if uri != "app/tasks.py"]) == 2

    page.find_element(By.CSS_SELECTOR, "#accept-form button[value=close]").click()
    click(page, page.find_element(By.ID, "clear-picked"))
    assert not selection.is_displayed()
