"""One module per subcommand: ``register(subparsers)`` and a handler set as ``handler``."""
