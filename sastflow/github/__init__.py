"""The GitHub side of sastflow: the pull-request job (``sastflow pr``).

``env`` reads the Actions environment and the event; ``client`` talks to the REST API through
PyGithub with bounded retries; ``owners`` finds the security code owners; ``diffmap`` knows which
lines a pull request adds; ``markers`` recognises sastflow's own comments; ``approval`` decides
the ``sastflow/security-approval`` status; ``review`` plans the inline comments; ``summary``
renders the one summary comment; ``publish`` writes all of it in a crash-safe order; ``job``
runs the whole job for the command.
"""
