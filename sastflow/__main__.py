"""Allow ``python -m sastflow``."""

from sastflow.cli import main

raise SystemExit(main())
