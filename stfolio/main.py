"""The console entry point, kept tiny so the cheap paths stay cheap.

``stfolio --version`` answers without importing the CLI framework, and the cyclic garbage
collector is switched off: every stfolio command is a short-lived process that builds many
small objects and frees them all at exit, where collection passes cost ~10 % of `check`
(measured by bench/bench.py) and reclaim nothing that matters.

`check`, `status` and `report` on an unchanged portfolio answer from the result cache
(``stfolio.cache``) before anything heavy is imported; otherwise the command runs, and its
answer is stored when it may be.
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
    from stfolio import cache

    cached = cache.request(sys.argv[1:])
    if cached is not None and (code := cached.answer()) is not None:
        raise SystemExit(code)
    # The language is chosen before the command line is built, so its help speaks it too.
    from stfolio import i18n

    i18n.configure(i18n.language_flag(sys.argv[1:]))
    i18n.adopt_nearest_profile_language()
    from stfolio.cli import run as cli_run

    if cached is None:
        cli_run()
        return
    cached.run(cli_run)
