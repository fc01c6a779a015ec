"""Load, overlay, validate and cite the knowledge base.

The package ships the data under `knowledge/data/`; a user may pass an overlay directory
(`--knowledge DIR`) holding newer files. Overlay rules: a file at the same relative path is
merged into the bundled one, where lists of mappings with an `id` merge entry by entry (same
id replaces, new id appends) and every other key is replaced; a new file is added. CSV files
(registry snapshots) are listed, not parsed, here: the verification engine owns them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import FieldProblem, KnowledgeError, pydantic_problems
from ..inputs import load_structured_file
from .common import Sourced
from .schemas import Manifest, Source, SourcesFile
from .topics import model_for

DATA_DIR = Path(__file__).parent / "data"
MAX_FILE_BYTES = 5_000_000

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class LoadedFile:
    """One knowledge file and where it came from (the package or an overlay)."""

    relpath: str
    origin: str  # "package" or "overlay"
    path: Path
    sha256: str


@dataclass
class KnowledgeBase:
    """The validated knowledge base: topics by relative path, sources by id, and a version.

    Engines read topics with `topic()` and cache what they compile from it with `cached()`,
    so one KnowledgeBase compiles each scanner or rule table once.
    """

    manifest: Manifest
    topics: dict[str, BaseModel]
    sources: dict[str, Source]
    files: list[LoadedFile]
    registry_files: list[Path]
    version: str
    overlay: Path | None = None
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def topic(self, relpath: str, model: type[M]) -> M:
        """The validated content of one data file, e.g. `kb.topic("classify/categories", Cats)`."""
        try:
            value = self.topics[relpath]
        except KeyError:
            raise KnowledgeError(f"knowledge file '{relpath}.yaml' is missing") from None
        if not isinstance(value, model):
            raise KnowledgeError(f"knowledge file '{relpath}.yaml' is not a {model.__name__}")
        return value

    def topics_matching(self, prefix: str) -> dict[str, BaseModel]:
        """All topics whose relative path starts with `prefix`, e.g. every `claims/rules_` pack."""
        return {k: v for k, v in sorted(self.topics.items()) if k.startswith(prefix)}

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """Build a derived structure (a compiled matcher, an index) once per knowledge base."""
        if key not in self._cache:
            self._cache[key] = factory()
        value: T = self._cache[key]
        return value

    def cite(self, source_ids: list[str]) -> list[str]:
        """Human-readable citations for source ids, marking unverified ones."""
        out = []
        for sid in source_ids:
            src = self.sources.get(sid)
            if src is None:
                out.append(sid)
                continue
            flag = "" if src.verified else " [unverified]"
            out.append(f"{src.citation}{flag}")
        return out

    def describe(self) -> dict[str, Any]:
        """What `regencheck knowledge` prints: version, files with origin, and every source."""
        return {
            "knowledge_version": self.version,
            "as_of": self.manifest.as_of.isoformat(),
            "overlay": str(self.overlay) if self.overlay else None,
            "files": [
                {
                    "file": f"{f.relpath}.yaml" if f.path.suffix != ".csv" else f.relpath,
                    "origin": f.origin,
                    "entries": _count_entries(self.topics.get(f.relpath)),
                }
                for f in self.files
            ],
            "registry_snapshots": [str(p) for p in self.registry_files],
            "sources": [
                {
                    "id": s.id,
                    "kind": s.kind,
                    "citation": s.citation,
                    "as_of": s.as_of.isoformat(),
                    "verified": s.verified,
                    "url": s.url,
                }
                for s in sorted(self.sources.values(), key=lambda s: s.id)
            ],
        }


def _count_entries(model: BaseModel | None) -> int:
    if model is None:
        return 0
    total = 0
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, list | dict):
            total += len(value)
    return total


def _read_yaml(path: Path) -> Any:
    return load_structured_file(path, MAX_FILE_BYTES, KnowledgeError)


def _yaml_files(root: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            rel = path.relative_to(root).with_suffix("").as_posix()
            yield rel, path


def merge_overlay(base: Any, over: Any) -> Any:
    """Merge an overlay document into a bundled one (see the module docstring for the rules)."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = merge_overlay(base[key], value) if key in base else value
        return merged
    if (
        isinstance(base, list)
        and isinstance(over, list)
        and all(isinstance(x, dict) and "id" in x for x in base + over)
    ):
        order = [x["id"] for x in base]
        by_id = {x["id"]: x for x in base}
        for entry in over:
            if entry["id"] not in by_id:
                order.append(entry["id"])
            by_id[entry["id"]] = entry
        return [by_id[i] for i in order]
    return over


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _walk_sourced(value: Any, where: str) -> Iterator[tuple[str, Sourced]]:
    if isinstance(value, Sourced):
        yield where, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk_sourced(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk_sourced(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_sourced(item, f"{where}.{key}")


def load_knowledge(overlay: Path | str | None = None, data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Load the bundled knowledge base, merge an optional overlay directory, and validate it all.

    Raises KnowledgeError naming the file and field of the first invalid document, or listing
    every source id that an entry cites but `sources.yaml` does not define.
    """
    overlay_dir = Path(overlay) if overlay else None
    if overlay_dir is not None and not overlay_dir.is_dir():
        raise KnowledgeError(f"--knowledge {overlay_dir}: not a directory")

    raw: dict[str, Any] = {}
    files: dict[str, LoadedFile] = {}
    for rel, path in _yaml_files(data_dir):
        raw[rel] = _read_yaml(path)
        files[rel] = LoadedFile(rel, "package", path, _sha(path))
    if overlay_dir is not None:
        for rel, path in _yaml_files(overlay_dir):
            doc = _read_yaml(path)
            raw[rel] = merge_overlay(raw[rel], doc) if rel in raw else doc
            files[rel] = LoadedFile(rel, "overlay", path, _sha(path))

    topics: dict[str, BaseModel] = {}
    sources: dict[str, Source] = {}
    for rel, doc in raw.items():
        origin_path = files[rel].path
        model = model_for(rel)
        if model is None:
            raise KnowledgeError(f"{origin_path}: no knowledge schema is known for '{rel}.yaml'")
        if doc is None:
            raise KnowledgeError(f"{origin_path}: file is empty")
        try:
            topics[rel] = model.model_validate(doc)
        except ValidationError as exc:
            raise KnowledgeError(
                f"{origin_path}: does not match the {model.__name__} schema",
                problems=pydantic_problems(exc, str(origin_path)),
            ) from None
        if isinstance(topics[rel], SourcesFile):
            for src in topics[rel].sources:  # type: ignore[attr-defined]
                if src.id in sources:
                    raise KnowledgeError(f"{origin_path}: source id '{src.id}' is defined twice")
                sources[src.id] = src

    manifest = topics.get("manifest")
    if not isinstance(manifest, Manifest):
        raise KnowledgeError(f"{data_dir}: manifest.yaml is missing")

    missing: list[FieldProblem] = []
    for rel, model_value in topics.items():
        for where, entry in _walk_sourced(model_value, rel):
            for sid in entry.source:
                if sid not in sources:
                    missing.append(
                        FieldProblem(f"{where}.source", f"unknown source id '{sid}'", f"{rel}.yaml")
                    )
    if missing:
        raise KnowledgeError(
            "knowledge entries cite sources that sources.yaml does not define", problems=missing
        )

    registry_files = sorted((data_dir / "registry").glob("*.csv")) if (data_dir / "registry").is_dir() else []
    if overlay_dir is not None:
        registry_files += sorted(overlay_dir.rglob("*.csv"))

    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode() + files[rel].sha256.encode())
    version = manifest.version
    if overlay_dir is not None:
        version = f"{manifest.version}+overlay.{digest.hexdigest()[:8]}"

    return KnowledgeBase(
        manifest=manifest,
        topics=topics,
        sources=sources,
        files=[files[k] for k in sorted(files)],
        registry_files=registry_files,
        version=version,
        overlay=overlay_dir,
    )


_DEFAULT: KnowledgeBase | None = None


def default_knowledge() -> KnowledgeBase:
    """The bundled knowledge base, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_knowledge()
    return _DEFAULT


def today() -> date:
    """Today's date; a single place so callers can pass `--as-of` instead."""
    return date.today()
