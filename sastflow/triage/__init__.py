"""The triage ledger: findings a security code owner accepted, with reason, approver and expiry.

``ledger`` reads and validates ``triage/ledger.yml``; ``apply`` suppresses what it accepts and
reports each entry's outcome; ``edit`` changes the file without disturbing the rest of it;
``audit`` and ``locate`` serve the ``sastflow triage`` commands.
"""
