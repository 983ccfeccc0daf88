"""A reader that never finishes (the sandbox's wall-clock timeout must end it)."""

import time


def read(body: bytes, *, url: str, limits: object) -> object:
    time.sleep(3600)
    raise AssertionError("unreachable")
