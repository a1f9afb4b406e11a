"""Forensic helpers: a realistic hall run against a database in real files, and readers that try
to pair voters with ballots from the raw files (tests/test_storage_secrecy.py, bench/reliability)."""
