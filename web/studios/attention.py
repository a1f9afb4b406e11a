"""Home page sources of the studios (filled below)."""
