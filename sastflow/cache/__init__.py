"""The result cache: per-file engine results, content-addressed, so a scan re-analyses only
the files whose bytes (or whose engine, rules or flags) changed. sastflow's own stages
(fingerprints, dedupe, suppressions, ledger, gate) always run on the combined results."""
