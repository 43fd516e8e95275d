"""The ``tokenhot`` console script (``[project.scripts]``): the Rust command line of
crate ``tokenhot-cli``, run by the extension. ``import tokenhot`` does not import this
module; only the script does.
"""

import sys

from . import _native


def main() -> None:
    # Ctrl-C is handled inside (exit status 130), not raised as KeyboardInterrupt.
    sys.exit(_native.cli_run(["tokenhot", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
