"""Start a Dagster service so that it stops on SIGTERM or SIGINT, with its children, whoever started it.

    python -m mayenne_assets.service dagster dev -w workspace.yaml -p 3000

A program started in the background by a script, a service manager or `nohup` inherits SIGINT ignored, and an
ignored signal stays ignored across exec: `dagster dev` and `dagster code-server` then cannot be stopped (they
turn SIGTERM into the SIGINT they ignore, and their children outlive them). This restores both signals to their
defaults and becomes the command (exec: same process, same pid), which then installs its own handlers.
"""

from __future__ import annotations

import os
import signal
import sys


def main(argv: list[str] | None = None) -> None:
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        raise SystemExit("usage: python -m mayenne_assets.service COMMAND [ARGUMENT …]")
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_DFL)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
