"""Documents made in the background: a request creates a ``Download`` and enqueues its job; the
job renders the file (each kind's renderer named by its dotted path), keeps the progress, and
the requester alone finds the file on the download's page and in their list until it expires.

This app sits below the apps whose documents it makes (org, meetings): it imports none of them.
"""
