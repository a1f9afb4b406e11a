"""One router per resource; each view checks access through ``web.org.queries`` and writes
through one ``do_*`` action."""
