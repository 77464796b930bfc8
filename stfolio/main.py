"""The console entry point, kept tiny so the cheap paths stay cheap.

``stfolio --version`` answers without importing the CLI framework, and the cyclic garbage
collector is switched off: every stfolio command is a short-lived process that builds many
small objects and frees them all at exit, where collection passes cost ~10 % of `check`
(measured by bench/bench.py) and reclaim nothing that matters.
"""

from __future__ import annotations

import gc
import sys


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from stfolio import __version__

        print(f"stfolio {__version__}")
        return
    gc.disable()
    from stfolio.cli import run as cli_run

    cli_run()
