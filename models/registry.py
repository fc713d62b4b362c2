"""Pipeline components register here under a versioned name (`bulletin.sectioner.v1`).

A component is a class with `name`, `assigns`, `requires`, `__call__(doc) -> doc`, `initialize(...)`,
`to_disk(path)` and `from_disk(path)`; `build_pipeline(config)` creates them from the config by name.
New behaviour means a new name (`.v2`), so a saved model keeps meaning what it meant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from models.doc import Doc
from models.errors import BulletinError, ErrorCode

_FACTORIES: dict[str, type[Component]] = {}


class Component:
    """Base class: config in, `__call__` on a Doc. Components without learned state save nothing."""

    factory: ClassVar[str] = ""
    assigns: ClassVar[tuple[str, ...]] = ()
    requires: ClassVar[tuple[str, ...]] = ()
    default_config: ClassVar[dict[str, Any]] = {}

    def __init__(self, name: str, **config: Any):
        self.name = name
        self.config = {**self.default_config, **config}

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc]) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def initialize(self, **kwargs: Any) -> None:
        """Fit what the component learns from data; rule components have nothing to fit."""

    def to_disk(self, path: Path) -> None:
        """Write learned state under `path` (a folder of the model)."""

    def from_disk(self, path: Path) -> Component:
        return self


def register(factory: str) -> Callable[[type[Component]], type[Component]]:
    def decorate(cls: type[Component]) -> type[Component]:
        cls.factory = factory
        _FACTORIES[factory] = cls
        return cls

    return decorate


def create(factory: str, name: str, config: dict[str, Any], runtime: dict[str, Any] | None = None) -> Component:
    """Build a registered component; `runtime` options apply where the component declares them."""
    _import_builtin_components()
    if factory not in _FACTORIES:
        raise BulletinError(ErrorCode.E202, name=factory, available=", ".join(sorted(_FACTORIES)))
    cls = _FACTORIES[factory]
    declared = {k: v for k, v in (runtime or {}).items() if k in cls.default_config}
    return cls(name, **{**config, **declared})


def registered() -> list[str]:
    _import_builtin_components()
    return sorted(_FACTORIES)


def _import_builtin_components() -> None:
    import models.components  # noqa: F401  (registers the built-in factories)
