"""``python -m jiceng``: the same command as ``jiceng``."""

from jiceng.cli import main

raise SystemExit(main())
