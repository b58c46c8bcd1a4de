"""The rule-pack digest: one short hex string that changes when the rules any engine runs with
change (the merged Semgrep config as sent, the Bandit profile bytes). The action keys its saved
result cache by it (with the OS and sastflow's version), so a rule change starts a fresh cache
instead of carrying entries no scan will hit again. Entries stay keyed by their full engine
identity either way: this digest only picks which saved cache to restore."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sastflow import config as config_mod
from sastflow.engines import bandit, semgrep

LENGTH = 16


def rule_pack_digest(root: Path, config_file: Path | None = None) -> str:
    """The digest for the repository at ``root``, with its config (or ``config_file``)."""
    config = config_mod.load(root, config_file)
    packs = config_mod.rule_packs(config, root)
    text, _ids, _rules = semgrep.merged_config(packs)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    digest.update(b"\0" + bandit.profile().read_bytes())
    return digest.hexdigest()[:LENGTH]
