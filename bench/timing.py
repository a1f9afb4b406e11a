"""What the benchmarks' child processes share: Django set up for measuring, and the figures."""

from __future__ import annotations

import os
import statistics


def setup_django() -> None:
    """Django with the settings of the environment, serving static files without a manifest."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


def ms(samples: list[float]) -> tuple[float, float, float]:
    """Median, 95th percentile and maximum of ``samples`` (seconds), in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def child_env(root: object) -> dict[str, str]:
    """The environment of a measuring child: the checkout on the path, no debug, no production."""
    env = {**os.environ, "JICENG_DEBUG": "0", "PYTHONPATH": str(root)}
    env.pop("JICENG_PRODUCTION", None)
    return env
