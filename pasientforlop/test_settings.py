"""Settings for the test suite: production settings with a fixed key and a fast hasher."""

import os
import tempfile

os.environ.setdefault("PASIENTFORLOP_SECRET_KEY", "test-suite-key-not-secret-0123456789abcdef")
os.environ.setdefault("PASIENTFORLOP_DATA_DIR", tempfile.mkdtemp(prefix="pasientforlop-test-"))
# Playwright's synchronous API runs an event loop in the test thread; the test database is
# only touched from that same thread, so Django's async-safety guard can stand down.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pasientforlop import settings as production  # noqa: E402

globals().update({name: getattr(production, name) for name in dir(production) if name.isupper()})

# Argon2 is deliberately slow; the suite logs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The API's per-token rate is tested with a low setting in its own tests; the schema and
# sweep tests send many requests with one token.
API_RATE_PER_MINUTE = 1_000_000
