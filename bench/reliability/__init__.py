"""The reliability suite's load-and-faults part; run it with ``bench/reliability.py``."""
