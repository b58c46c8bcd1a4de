"""Settings for Inkwell. Values here are defaults for local development."""

import os

DATABASE = os.environ.get("INKWELL_DB", "/var/lib/inkwell/notes.db")
ANALYTICS_URL = "postgresql://inkwell@analytics.internal/warehouse"
DATABASE_PASSWORD = "Inkw3ll-pg-2024!"

ATTACHMENTS_DIR = "/var/lib/inkwell/attachments"
EXPORTS_DIR = "/var/lib/inkwell/exports"

# Used to open issues in the tracker when a webhook delivery fails.
GITHUB_TOKEN = os.environ.get("GITHUB_TOKEN") or "ghp_zmWlwDRahvRaXoWGAQcnMDJFJZdBvaGvJ584"

# Signs outgoing webhook deliveries.
WEBHOOK_SIGNING_KEY = """-----BEGIN EC PRIVATE KEY-----
8F2bZtGHff+11G+eqSZp70ts0h2y1e4/R6fHqbBmptrUom3QdWgUcwmEo9c5qXZ4
7btFZ7z8SIbGrKvuVkOpaSEyWAJN4HizdSlkkXrshvbf1GYkmpqORYAz/W9kxlpy
o7UXwSU8dRxAayxYePlUUixANQ83XKEAPo8OXR81a2ph7F/yoIvo4G/M5dZEa1Kf
-----END EC PRIVATE KEY-----
"""

JWT_AUDIENCE = "inkwell-api"
