"""The applications: what one sastflow job does end to end, above the adapters it drives.

- :mod:`sastflow.jobs.pr`: the pull-request job (approval, scan, reports, publish);
- :mod:`sastflow.jobs.merge_queue`: the merge queue's check of a queued merge;
- :mod:`sastflow.jobs.accept`: ``/sastflow accept`` from a comment (who may, ledger, commit).

See docs/architecture.md for the layers and what each may import.
"""
