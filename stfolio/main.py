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
    # The language is chosen before the command line is built, so its help speaks it too.
    from stfolio import i18n

    i18n.configure(i18n.language_flag(sys.argv[1:]))
    i18n.adopt_nearest_profile_language()
    from stfolio.cli import run as cli_run

    cli_run()
