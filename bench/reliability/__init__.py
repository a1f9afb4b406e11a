"""The reliability suite: test groups, load and faults; run it with ``bench/reliability.py``."""
