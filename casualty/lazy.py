"""Names handed on lazily (Scientific Python's SPEC 1): a package lists where each of its names lives, and a name's
module is imported only when the name is first used, so ``import casualty`` never pays for matplotlib."""

from __future__ import annotations

import importlib
from typing import Callable


def lazy_names(package: str, homes: dict[str, str], subpackages: tuple[str, ...] = ()
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: ``homes`` maps each name to the module that defines it
    (relative to ``package``, e.g. ``".read"``); ``subpackages`` are modules reachable as attributes."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> object:
        if name in subpackages:
            value = importlib.import_module(f"{package}.{name}")
        elif name in homes:
            value = getattr(importlib.import_module(homes[name], package), name)
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(homes) | set(subpackages))

    return __getattr__, __dir__
