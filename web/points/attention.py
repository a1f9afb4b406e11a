from web.common.attention import register  # noqa: F401
