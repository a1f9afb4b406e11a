"""The deterministic demo street: a seed and a scale make the same street every time.

``generator`` builds the rows in memory (no database), ``loader`` writes them in one
transaction with one audit entry, ``personas`` holds the demo logins. See docs/demo.md.
"""
