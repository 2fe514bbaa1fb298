"""Local development: the embedded default used by ``make run``."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

DEBUG = True
ALLOWED_HOSTS = ["*"]
VAR_DIR.mkdir(exist_ok=True)
