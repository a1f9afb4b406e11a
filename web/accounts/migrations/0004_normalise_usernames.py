"""Existing usernames take their one spelling (NFKC, case folded, trimmed), as new ones do.

Two accounts whose usernames normalise alike (``Street`` and ``street``) cannot both keep it:
the older keeps the name, the newer gets ``-<id>`` appended and is told by its manager. The
LoginAttempt rows, keyed by username, are normalised too so a lockout carries over."""

import unicodedata

from django.db import migrations


def _normalise(username):
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username or "").casefold()).strip()


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    LoginAttempt = apps.get_model("accounts", "LoginAttempt")
    taken = set()
    users = list(User.objects.order_by("id"))
    wanted = {u.pk: _normalise(u.username) for u in users}
    unchanged = {u.username for u in users if wanted[u.pk] == u.username}
    for user in users:
        name = wanted[user.pk]
        if name in taken or (name != user.username and name in unchanged):
            name = f"{name}-{user.pk}"[:150]
        taken.add(name)
        if name != user.username:
            User.objects.filter(pk=user.pk).update(username=name)
    for attempt in LoginAttempt.objects.all():
        name = _normalise(attempt.username)[:150]
        if name != attempt.username:
            LoginAttempt.objects.filter(pk=attempt.pk).update(username=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_setup_links")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
