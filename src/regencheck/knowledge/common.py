"""Building blocks every knowledge-base model shares: strict models and the `Sourced` mix-in.

Every fact the engine relies on must say where it comes from and as of when, so `Sourced`
is the base of every entry model; the loader checks each `source` id against `sources.yaml`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class StrictModel(BaseModel):
    """A model that rejects unknown keys, so a typo in YAML fails and names the allowed keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(StrictModel):
    """An entry that carries its provenance.

    `source` lists ids from `sources.yaml` (a seed, a law article, an official list);
    `verified: false` marks facts the domain notes could not confirm, which output must flag.
    """

    source: list[str]
    as_of: date
    verified: bool = True

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [value]
        return value

    @field_validator("source")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one source id is required")
        return value
