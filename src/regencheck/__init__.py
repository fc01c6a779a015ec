"""regencheck: is this stem-cell offer what it claims to be, and may this clinic deliver it?

The public Python API is re-exported here; each name is documented where it is defined.
"""

from .disclaimer import DISCLAIMER
from .errors import (
    Conflict,
    InputError,
    KnowledgeError,
    NotFound,
    PermissionDenied,
    RegencheckError,
    ValidationFailed,
)
from .knowledge import KnowledgeBase, default_knowledge, load_knowledge

__version__ = "0.1.0"

__all__ = [
    "DISCLAIMER",
    "Conflict",
    "InputError",
    "KnowledgeBase",
    "KnowledgeError",
    "NotFound",
    "PermissionDenied",
    "RegencheckError",
    "ValidationFailed",
    "__version__",
    "default_knowledge",
    "load_knowledge",
]
