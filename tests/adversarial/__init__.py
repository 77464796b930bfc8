"""Hostile and damaged portfolios, built in each test, run through the command line.

Each test builds its portfolio inside its own folder, next to an ``outside/`` folder holding a
sentinel file, runs stfolio on it and asserts three things: the finding (or message), the exit
code (0, 1 or 2, never 3), and that nothing outside the test's folder was read or written (an
audit hook sees every file stfolio opens, lists, creates, renames or removes, and the sentinel
keeps its content and times).
"""
