from stfolio.cli import run

run()
