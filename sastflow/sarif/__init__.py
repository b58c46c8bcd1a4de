"""SARIF 2.1.0: building sastflow's log, reading logs back, merging shards and other tools."""
