"""regencheck: is this stem-cell offer what it claims to be, and may this clinic deliver it?

The public Python API, re-exported here; each name is documented where it is defined.
Note that the function `classify` shadows the subpackage attribute `regencheck.classify`:
import engine modules with `from regencheck.classify.engine import …`, not attribute access.
"""

from importlib.metadata import version as _installed_version

from .claims import ClaimFinding, ScanResult, scan_path, scan_text
from .classify import Classification, Therapy, classify
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
from .verify import Dossier, Scorecard, load_dossier, load_registry, verify_dossier

__version__ = _installed_version("regencheck")

__all__ = [
    "DISCLAIMER",
    "ClaimFinding",
    "Classification",
    "Conflict",
    "Dossier",
    "InputError",
    "KnowledgeBase",
    "KnowledgeError",
    "NotFound",
    "PermissionDenied",
    "RegencheckError",
    "ScanResult",
    "Scorecard",
    "Therapy",
    "ValidationFailed",
    "__version__",
    "classify",
    "default_knowledge",
    "load_dossier",
    "load_knowledge",
    "load_registry",
    "scan_path",
    "scan_text",
    "verify_dossier",
]
