"""Jiceng's counting engine: pure, exact, and checkable by anyone.

This package imports nothing from Django or from the web application; every
count Jiceng publishes is made here, with integers and ``Fraction`` only.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
