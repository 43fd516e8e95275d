"""Where core's log lines go in Python: the standard `logging` module, logger
`tokenhot` (one record per attempt: method, URL, attempt, outcome, elapsed; at DEBUG the
sent headers, credentials redacted; bodies never). `TOKENHOT_LOG=info|debug` adds a
stderr handler to that logger, so the variable works as it does in Rust and Node.

Installed when a client is made, not at import (`import logging` costs more than the
rest of `import tokenhot`), and only when the app uses `logging` or sets
`TOKENHOT_LOG`. Each new client also makes core re-read the logger's level, so
`logging.getLogger("tokenhot").setLevel(...)` takes effect for clients made after it.
"""

from __future__ import annotations

import os
import sys

from . import _native

_stderr_handler_added = False


def install() -> None:
    global _stderr_handler_added
    wanted = os.environ.get("TOKENHOT_LOG", "").strip().lower()
    verbose = wanted in ("info", "debug", "trace")
    if not verbose and "logging" not in sys.modules:
        return
    import logging

    if verbose and not _stderr_handler_added:
        _stderr_handler_added = True
        logger = logging.getLogger("tokenhot")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("tokenhot: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO if wanted == "info" else logging.DEBUG)
    _native.forward_logs()
