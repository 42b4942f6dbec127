"""How much generated input the generated-input tests send. `make test` (CI) runs the whole budget; `make
check`, the inner loop, sets TEST_BUDGET=quick and sends about a quarter, so it stays under a minute while
every route, visitor and API operation is still reached with the sharpest values."""

from __future__ import annotations

import os

QUICK = os.environ.get("TEST_BUDGET") == "quick"


def examples(full: int) -> int:
    """The number of generated examples to run out of `full`."""
    return max(2, full // 4) if QUICK else full
