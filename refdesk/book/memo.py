"""A dict that converts each raw value once: a board's thousands of rows share
a few hundred distinct dates and amounts, and converting each row's anew is
most of a read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class Memo(dict):
    """``memo[raw]`` is ``convert(raw)``, worked out on first use; ``known``
    answers some raw values without converting them (None, "")."""

    def __init__(self, convert: Callable[[Any], Any], known: Mapping[Any, Any] = ()):
        super().__init__(known)
        self.convert = convert

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.convert(key)
        return value
