"""Schemas of the knowledge base's core topics: sources and the manifest.

Each engine owns the schema of its own topics (classification rules in `regencheck.classify`,
claim rules in `regencheck.claims`, …); `topics.py` maps YAML files to those schemas.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from .common import StrictModel

SourceKind = Literal["seed", "law", "official", "press", "guideline", "court", "regulation", "editorial"]


class Source(StrictModel):
    """One citable document: a seed file, a statute article, an official list, a press report."""

    id: str
    kind: SourceKind
    title: str
    citation: str
    url: str | None = None
    publisher: str | None = None
    as_of: date
    verified: bool = True


class SourcesFile(StrictModel):
    sources: list[Source]


class Manifest(StrictModel):
    """The knowledge base's release: its version string and the date its facts are current to."""

    version: str
    as_of: date
    description: str
