"""Verification: a dossier → the 5-step, 24-criteria scorecard with evidence and a verdict.

`verify_dossier(dossier, kb, registry=…, as_of=…)` is the entry point; `load_dossier` and
`load_registry` read the user's files with errors that name the file, field or line.
"""

from .dossier import Dossier, dossier_json_schema, load_dossier, parse_dossier
from .registry import RegistrySnapshot, load_registry, parse_registry
from .scorecard import Scorecard
from .verifier import verify_dossier

__all__ = [
    "Dossier",
    "RegistrySnapshot",
    "Scorecard",
    "dossier_json_schema",
    "load_dossier",
    "load_registry",
    "parse_dossier",
    "parse_registry",
    "verify_dossier",
]
