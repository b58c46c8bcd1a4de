"""The shape every command's ``--help`` shares: what it does for the user, then examples.

``RawDescriptionHelpFormatter`` keeps the example lines as written (argparse would refill them
into one paragraph); the description is still wrapped to the terminal by hand-written breaks.
"""

from __future__ import annotations

import argparse
from typing import Any


def described(description: str, *examples: str) -> dict[str, Any]:
    """``add_parser``/``ArgumentParser`` keywords: the description and an ``examples:`` epilog.

    Each example is ``"sastflow ...  # what it does"``; the comment is optional.
    """
    lines = "\n".join(f"  {example}" for example in examples)
    return {
        "description": description,
        "epilog": f"examples:\n{lines}" if examples else None,
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }
