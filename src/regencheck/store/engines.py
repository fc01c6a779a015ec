"""The analysis engines the service calls, reached through their public modules.

The engines are separate areas of the package; going through this one module keeps the store
and web layers to their published contracts (`docs/architecture.md`) and gives one clear error
when an engine is missing from an installation.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from ..errors import RegencheckError


class EngineUnavailable(RegencheckError):
    """Raised when an analysis engine is not part of this installation."""

    code = "engine_unavailable"
    http_status = 503


def engine(name: str) -> ModuleType:
    """The public module of an engine (`classify`, `claims`, `verify`, `reports.scorecard`)."""
    module_name = f"regencheck.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise EngineUnavailable(
                f"the {name} engine is not installed in this copy of regencheck"
            ) from None
        raise


def has(name: str, attribute: str) -> bool:
    """True when the engine is importable and publishes `attribute`."""
    try:
        return hasattr(engine(name), attribute)
    except EngineUnavailable:
        return False


def call(name: str, attribute: str, *args: Any, **kwargs: Any) -> Any:
    """Call one public function of an engine."""
    module = engine(name)
    func = getattr(module, attribute, None)
    if func is None:
        raise EngineUnavailable(f"the {name} engine does not provide {attribute}() yet")
    return func(*args, **kwargs)
