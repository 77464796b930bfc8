from stfolio.main import run

run()
