"""Issue 13, item 6: detection quality, side by side in one run.

The labelled corpus (``cases/``) is scanned once by each tool (``tools``); per weakness class
the bench counts, for every view,

- TPR: the share of true cases where the view reports a finding of the case's class,
- FPR: the share of false cases (near misses) where it does,
- TPR − FPR (Youden's J): 1 is perfect, 0 is no better than flagging at random.

Views: sastflow (every unsuppressed result), sastflow blocking (only what fails the default
gate), bare Bandit, bare Semgrep with sastflow's pack. Targets from the issue: J ≥ 0.6 in every
class, and sastflow ≥ both bare engines in every class. Then clean libraries (``clean``):
at most 5 blocking findings in total.

``bench/detection/baseline.json`` (committed) holds the per-class numbers of the run recorded
as the baseline; a later run on a different pack is shown beside it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common import REPO, markdown_table, out_dir, text_table, verdict

from detection import clean, tools
from detection.corpus import CASES, CLASSES, FRAMEWORKS, Case, load, quick_subset
from detection.repo import make_repo

Log = Callable[[str], None]
VIEWS = ("sastflow", "sastflow blocking", "bandit", "semgrep")
VIEW_TITLES = {
    "sastflow": "sastflow",
    "sastflow blocking": "sastflow, blocking only",
    "bandit": "bare Bandit",
    "semgrep": "bare Semgrep",
}
TARGET_J = 0.6
BASELINE = Path(__file__).resolve().parent / "baseline.json"


def pack_identity() -> dict[str, Any]:
    """Which rule pack was measured: the commit, and a digest of ``rules/`` as it is on disk
    (so an uncommitted rule change is a different pack)."""
    digest = hashlib.sha256()
    rules = REPO / "rules"
    files = (p for p in rules.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        digest.update(path.relative_to(rules).as_posix().encode() + b"\0" + path.read_bytes())

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--", "rules")
    return {
        "head": git("rev-parse", "--short=12", "HEAD") or "unknown",
        # The pack is what rules/ holds: name the last commit that changed it.
        "commit": git("log", "-1", "--format=%h", "--abbrev=12", "--", "rules") or "unknown",
        "rules_modified": bool(dirty),
        "digest": digest.hexdigest()[:16],
    }


def _flags(cases: Sequence[Case], runs: dict[str, tools.ToolRun]) -> dict[str, dict[str, Any]]:
    """Per case: whether each view reported the case's class, and with which rules."""
    by_view: dict[str, dict[str, list[tools.Hit]]] = {}
    for view in VIEWS:
        run = runs["sastflow" if view.startswith("sastflow") else view]
        hits = [h for h in run.hits if h.blocking] if view == "sastflow blocking" else run.hits
        grouped: dict[str, list[tools.Hit]] = defaultdict(list)
        for hit in hits:
            grouped[hit.path].append(hit)
        by_view[view] = grouped
    out: dict[str, dict[str, Any]] = {}
    for case in cases:
        rules = {
            view: sorted(
                {h.rule for h in by_view[view].get(case.path, []) if case.cls in h.classes}
            )
            for view in VIEWS
        }
        out[case.path] = {
            "label": case.label,
            "cls": case.cls,
            "framework": case.framework,
            "cwe": case.cwe,
            "flagged": {view: bool(rules[view]) for view in VIEWS},
            "rules": rules,
            "other": {
                view: sorted(
                    {h.rule for h in by_view[view].get(case.path, []) if case.cls not in h.classes}
                )
                for view in VIEWS
            },
        }
    return out


def rates(rows: Sequence[dict[str, Any]], view: str) -> dict[str, Any]:
    true = [r for r in rows if r["label"]]
    false = [r for r in rows if not r["label"]]
    tp = sum(r["flagged"][view] for r in true)
    fp = sum(r["flagged"][view] for r in false)
    tpr = tp / len(true) if true else 0.0
    fpr = fp / len(false) if false else 0.0
    return {
        "tp": tp,
        "fn": len(true) - tp,
        "fp": fp,
        "tn": len(false) - fp,
        "tpr": tpr,
        "fpr": fpr,
        "j": tpr - fpr,
    }


def summarise(cases: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rows = list(cases.values())
    per_class = {
        name: {view: rates([r for r in rows if r["cls"] == name], view) for view in VIEWS}
        for name in CLASSES
        if any(r["cls"] == name for r in rows)
    }
    per_framework = {
        fw: {view: rates([r for r in rows if r["framework"] == fw], view) for view in VIEWS}
        for fw in FRAMEWORKS
        if any(r["framework"] == fw for r in rows)
    }
    total = {view: rates(rows, view) for view in VIEWS}
    macro = {view: sum(c[view]["j"] for c in per_class.values()) / len(per_class) for view in VIEWS}
    return {
        "per_class": per_class,
        "per_framework": per_framework,
        "total": total,
        "macro_j": macro,
    }


def run(*, quick: bool, timeout: float, log: Log) -> dict[str, Any]:
    all_cases, manifest_problems = load()
    chosen = quick_subset(all_cases) if quick else all_cases
    out = out_dir("detection")
    repo = make_repo(out / "corpus", {c.path: (CASES / c.path).read_bytes() for c in chosen})
    log(
        f"detection: {len(chosen)} of {len(all_cases)} cases "
        f"({sum(c.label for c in chosen)} true), {len(CLASSES)} classes"
    )
    runs = {
        "sastflow": tools.sastflow(repo, out, timeout=timeout),
        "bandit": tools.bandit(repo, out, timeout=timeout),
        "semgrep": tools.semgrep(repo, out, [c.path for c in chosen], timeout=timeout),
    }
    for name, tool_run in runs.items():
        log(f"  {name}: {len(tool_run.hits)} results in {tool_run.seconds:.1f} s")
    cases = _flags(chosen, runs)
    data: dict[str, Any] = {
        "quick": quick,
        "pack": pack_identity(),
        "corpus": {
            "cases": len(all_cases),
            "true": sum(c.label for c in all_cases),
            "measured": len(chosen),
            "problems": manifest_problems,
        },
        "tools": {
            name: {"results": len(r.hits), "seconds": r.seconds, "notes": list(r.notes)}
            for name, r in runs.items()
        },
        "summary": summarise(cases),
        "cases": cases,
        "hits": {name: [h.as_dict() for h in r.hits] for name, r in runs.items()},
    }
    if not quick:
        data["clean"] = clean.run(timeout=timeout, log=log, out=out)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    """The harness is broken (not: a target is missed) when the corpus is inconsistent or a
    tool stopped reporting anything at all on code that is half vulnerable."""
    found = [f"corpus: {p}" for p in data["corpus"]["problems"]]
    for name, info in data["tools"].items():
        if info["results"] == 0:
            found.append(f"{name} reported nothing on {data['corpus']['measured']} cases")
        found += [f"{name}: {note}" for note in info["notes"] if "failed" in note]
    return found


def save_baseline(data: dict[str, Any], path: Path = BASELINE) -> None:
    keep = {
        "pack": data["pack"],
        "summary": {k: data["summary"][k] for k in ("per_class", "total", "macro_j")},
        "clean_blocking": len(data["clean"]["blocking"]) if "clean" in data else None,
    }
    path.write_text(json.dumps(_rounded(keep), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _cell(r: dict[str, Any]) -> str:
    return f"{r['tpr']:.2f} / {r['fpr']:.2f} / {r['j']:+.2f}"


def _baseline() -> dict[str, Any] | None:
    if not BASELINE.is_file():
        return None
    loaded: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return loaded


def report(data: dict[str, Any]) -> tuple[str, str]:
    """(text for the terminal, Markdown for RESULTS.md)."""
    summary = data["summary"]
    pack = data["pack"]
    baseline = _baseline()
    is_baseline = baseline is not None and baseline["pack"]["digest"] == pack["digest"]
    corpus = data["corpus"]
    head = (
        f"{'Quick run: ' if data['quick'] else ''}{corpus['measured']} labelled cases "
        f"({corpus['cases']} in the corpus, {corpus['true']} true); rule pack: rules/ as of commit "
        f"`{pack['commit']}`{' with uncommitted changes' if pack['rules_modified'] else ''} "
        f"(digest `{pack['digest']}`), measured at `{pack.get('head', '?')}`. "
        "Each cell is TPR / FPR / TPR − FPR; a case counts "
        "when the tool reports a finding of its class anywhere in the file (by CWE, see "
        "bench/detection/corpus.py). Tool time: "
        + ", ".join(
            f"{n} {t['seconds']:.1f} s ({t['results']} results)" for n, t in data["tools"].items()
        )
    )
    if is_baseline:
        title = f"### Baseline: the rule pack at commit `{pack['commit']}`"
    elif baseline is not None:
        title = (
            f"### The rule pack at commit `{pack['commit']}`, against the baseline at "
            f"`{baseline['pack']['commit']}`"
        )
    else:
        title = f"### The rule pack at commit `{pack['commit']}`"
    head = f"{title}\n\n{head}"
    header = [
        "class",
        "cases (true/false)",
        *(VIEW_TITLES[v] for v in VIEWS),
        f"J ≥ {TARGET_J}",
        "sastflow ≥ both",
    ]
    rows = []
    meets = beats = 0
    for name, views in summary["per_class"].items():
        ours = views["sastflow"]["j"]
        ok_j = ours >= TARGET_J
        ok_both = ours >= views["bandit"]["j"] and ours >= views["semgrep"]["j"]
        meets += ok_j
        beats += ok_both
        s = views["sastflow"]
        rows.append(
            [
                CLASSES[name].title,
                f"{s['tp'] + s['fn']}/{s['fp'] + s['tn']}",
                *(_cell(views[v]) for v in VIEWS),
                verdict(ok_j),
                verdict(ok_both),
            ]
        )
    total = summary["total"]
    s = total["sastflow"]
    rows.append(
        [
            "**all cases**",
            f"{s['tp'] + s['fn']}/{s['fp'] + s['tn']}",
            *(_cell(total[v]) for v in VIEWS),
            "",
            "",
        ]
    )
    rows.append(
        ["mean J over classes", "", *(f"{summary['macro_j'][v]:+.2f}" for v in VIEWS), "", ""]
    )
    classes = len(summary["per_class"])
    checks = [
        [
            f"TPR − FPR ≥ {TARGET_J} in every class (sastflow)",
            f"{meets}/{classes} classes",
            verdict(meets == classes),
        ],
        [
            "sastflow ≥ bare Bandit and ≥ bare Semgrep in every class",
            f"{beats}/{classes} classes",
            verdict(beats == classes),
        ],
    ]
    fw_header = ["framework", "cases", *(VIEW_TITLES[v] for v in VIEWS)]
    fw_rows = [
        [
            fw,
            views["sastflow"]["tp"]
            + views["sastflow"]["fn"]
            + views["sastflow"]["fp"]
            + views["sastflow"]["tn"],
            *(_cell(views[v]) for v in VIEWS),
        ]
        for fw, views in summary["per_framework"].items()
    ]
    text_parts = [head, text_table(header, rows), "", text_table(fw_header, fw_rows)]
    md_parts = [head, markdown_table(header, rows), markdown_table(fw_header, fw_rows)]
    if baseline is not None and not is_baseline:
        b_header = [
            "class",
            "baseline sastflow J",
            "now sastflow J",
            "baseline blocking J",
            "now blocking J",
        ]
        before = baseline["summary"]["per_class"]

        def then(name: str, view: str) -> str:
            return f"{before[name][view]['j']:+.2f}" if name in before else "—"

        b_rows = [
            [
                CLASSES[n].title,
                then(n, "sastflow"),
                f"{views['sastflow']['j']:+.2f}",
                then(n, "sastflow blocking"),
                f"{views['sastflow blocking']['j']:+.2f}",
            ]
            for n, views in summary["per_class"].items()
        ]
        note = (
            f"Against the baseline (rule pack at commit `{baseline['pack']['commit']}`, "
            f"digest `{baseline['pack']['digest']}`; it had {baseline.get('clean_blocking')} "
            "blocking findings on the clean libraries):"
        )
        text_parts += ["", note, text_table(b_header, b_rows)]
        md_parts += [note, markdown_table(b_header, b_rows)]
    if "clean" in data:
        c_text, c_md, c_check = _clean_report(data["clean"])
        checks.append(c_check)
        text_parts += ["", c_text]
        md_parts.append(c_md)
    text_parts += ["", text_table(("target", "value", "result"), checks)]
    md_parts.append(markdown_table(("target", "value", "result"), checks))
    md_parts.append(_misses(data))
    return "\n".join(text_parts), "\n\n".join(md_parts)


def _clean_report(c: dict[str, Any]) -> tuple[str, str, list[str]]:
    header = ["library", "version", "Python files", "lines", "unsuppressed findings", "blocking"]
    rows: list[list[Any]] = [
        [
            lib["name"],
            lib["version"],
            lib["python_files"],
            f"{lib['python_lines']:,}",
            lib["findings"],
            lib["blocking"],
        ]
        for lib in c["libraries"]
    ]
    blocking = c["blocking"]
    rows.append(
        [
            "**total**",
            "",
            sum(x["python_files"] for x in c["libraries"]),
            f"{sum(x['python_lines'] for x in c['libraries']):,}",
            sum(x["findings"] for x in c["libraries"]),
            len(blocking),
        ]
    )
    head = (
        f"Clean code: {len(c['libraries'])} libraries, wheels from the package index "
        f"(`pip download --no-deps --only-binary :all:`), scanned by `sastflow scan` at the "
        f"default gate in {c['seconds']:.1f} s."
    )
    b_header = ["rule", "severity", "location", "message"]
    b_rows = [
        [h["rule"], h["severity"], f"{h['path']}:{h['line']}", " ".join(h["message"].split())[:140]]
        for h in sorted(blocking, key=lambda h: (h["rule"], h["path"], h["line"]))
    ]
    per_rule = Counter(h["rule"] for h in blocking).most_common()
    places = len({(h["path"], h["line"]) for h in blocking})
    by_rule = (
        f"Blocking results at {places} distinct lines; by rule: "
        + (", ".join(f"`{r}` {n}" for r, n in per_rule) or "none")
        + "."
    )
    check = [
        f"≤ {clean.TARGET_BLOCKING} blocking findings on clean libraries",
        str(len(blocking)),
        verdict(len(blocking) <= clean.TARGET_BLOCKING),
    ]
    text = "\n".join([head, text_table(header, rows), by_rule, "", text_table(b_header, b_rows)])
    md = "\n\n".join(
        [
            head,
            markdown_table(header, rows),
            by_rule,
            f"<details><summary>The {len(blocking)} blocking findings</summary>\n\n"
            + markdown_table(b_header, b_rows)
            + "\n\n</details>",
        ]
    )
    return text, md, check


def _misses(data: dict[str, Any]) -> str:
    """sastflow's misses and false alarms per class: the work list for the rule pack."""
    lines = []
    for name in data["summary"]["per_class"]:
        rows = {p: r for p, r in data["cases"].items() if r["cls"] == name}
        missed = [
            p.split("/", 1)[1]
            for p, r in rows.items()
            if r["label"] and not r["flagged"]["sastflow"]
        ]
        alarms = [
            f"{p.split('/', 1)[1]} ({', '.join(r['rules']['sastflow'])})"
            for p, r in rows.items()
            if not r["label"] and r["flagged"]["sastflow"]
        ]
        if missed or alarms:
            lines.append(
                f"- **{name}**: missed {', '.join(missed) or '—'}; "
                f"false alarms {', '.join(alarms) or '—'}"
            )
    body = "\n".join(lines) or "none"
    return (
        "<details><summary>sastflow's misses and false alarms, per case "
        "(bench/detection/cases/&lt;class&gt;/&lt;file&gt;)</summary>\n\n" + body + "\n\n</details>"
    )
