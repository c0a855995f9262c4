"""Settings for `make run` and `make dev` on a developer's or evaluator's machine.

`make run` serves the portal as users meet it: DEBUG off, the portal's own
error pages, static files served by the application (WhiteNoise). `make dev`
sets DEBUG=true. The SECRET_KEY default and ALLOWED_HOSTS of 127.0.0.1 and
localhost (base settings) serve a local checkout either way.
"""

from .base import *  # noqa: F403
from .base import env

# The demo data and `seed_demo` (development only; not in production).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405

DEBUG = env.bool("DEBUG", default=False)

# WhiteNoise serves the files straight from the static folders (no
# collectstatic step), with DEBUG off as well as on.
WHITENOISE_USE_FINDERS = True
