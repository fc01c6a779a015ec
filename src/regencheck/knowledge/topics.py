"""Which YAML file of the knowledge base is validated by which schema.

The data directory has one folder per engine (`classify/`, `claims/`, `verify/`, `journey/`).
Each engine's `schema` module exports `TOPIC_MODELS: dict[str, type[BaseModel]]` keyed by the
file's stem (or a glob on it, such as `rules_*`), so an engine adds topics without touching the
loader. Any file called `sources.yaml` adds citable sources. A file no schema claims is an error:
an unknown file is usually a misnamed one.
"""

from __future__ import annotations

import fnmatch
import importlib

from pydantic import BaseModel

from .schemas import Manifest, SourcesFile

ROOT_TOPICS: dict[str, type[BaseModel]] = {"manifest": Manifest, "sources": SourcesFile}

ENGINE_SCHEMAS: dict[str, str] = {
    "classify": "regencheck.classify.schema",
    "claims": "regencheck.claims.schema",
    "verify": "regencheck.verify.schema",
    "journey": "regencheck.journey.schema",
}


def model_for(relpath: str) -> type[BaseModel] | None:
    """The schema for a data file given its path relative to the data root, without suffix."""
    folder, _, stem = relpath.rpartition("/")
    if stem == "sources":
        return SourcesFile
    if not folder:
        return ROOT_TOPICS.get(stem)
    engine = folder.split("/", 1)[0]
    module_name = ENGINE_SCHEMAS.get(engine)
    if module_name is None:
        return None
    module = importlib.import_module(module_name)
    models: dict[str, type[BaseModel]] = getattr(module, "TOPIC_MODELS", {})
    sub = relpath[len(engine) + 1 :]
    for pattern, model in models.items():
        if fnmatch.fnmatchcase(sub, pattern):
            return model
    return None
