"""Shouwang's benchmarks: ``python -m bench`` (or ``make bench``) runs them all.

Each benchmark drives the real console script in a child process, so what is measured is what
an operator gets: the child's wall time and peak memory, next to a raw-driver baseline that
shows how close the application comes to what the database itself can take.
"""
