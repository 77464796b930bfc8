"""Rich tables and text for the terminal: `status` and `goals` laid out for reading.

Imported only by the commands that print them, so rich stays off the start-up path of the
others. A view takes computed results and lays them out; it computes nothing of its own.
"""
