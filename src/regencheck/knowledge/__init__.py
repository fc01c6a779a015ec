"""The knowledge base: versioned, sourced reference data validated at load."""

from .common import Sourced, StrictModel
from .loader import KnowledgeBase, LoadedFile, default_knowledge, load_knowledge, merge_overlay
from .schemas import Manifest, Source

__all__ = [
    "KnowledgeBase",
    "LoadedFile",
    "Manifest",
    "Source",
    "Sourced",
    "StrictModel",
    "default_knowledge",
    "load_knowledge",
    "merge_overlay",
]
