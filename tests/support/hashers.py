"""PBKDF2 at one iteration: the same hash format as production, at no cost per login.

Django's PBKDF2 runs about a million iterations, a quarter of a second of CPU for every
user created with a password and every login; the suite does that thousands of times. The
encoded hash names its iteration count, so any process (a subprocess server included) still
verifies it; only the in-process tests hash with this class.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneIterationPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
