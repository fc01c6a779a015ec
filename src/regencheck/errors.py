"""Every error a regencheck user can meet, with a stable code and a message that says what to do.

The tree::

    RegencheckError                     base; never raised itself
    ├── InputError                      the user's input is wrong (CLI exit 1, HTTP 422)
    │   ├── InputFileError              a file cannot be read, is empty, binary or too large
    │   └── ValidationFailed            a field has the wrong type or value (names file + field)
    ├── KnowledgeError                  the knowledge base (or an overlay) is invalid (CLI exit 1)
    ├── NotFound                        a record or file the user named does not exist (HTTP 404)
    ├── Conflict                        a concurrent edit or a duplicate name (HTTP 409)
    └── PermissionDenied                the user's role does not allow the action (HTTP 403)

Adapters (CLI, API, web) map these to exit codes and status codes in one place each; nothing
else in the package decides how an error is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FieldProblem:
    """One wrong field: where it is (file and dotted path), what was found and what was expected."""

    location: str
    message: str
    file: str | None = None

    def render(self) -> str:
        where = f"{self.file}: " if self.file else ""
        loc = self.location or "(document)"
        return f"{where}{loc}: {self.message}"


class RegencheckError(Exception):
    """Base of all regencheck errors: carries a stable `code` and a user-facing message."""

    code: str = "error"
    exit_code: int = 1
    http_status: int = 400

    def __init__(self, message: str, *, problems: list[FieldProblem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[FieldProblem] = problems or []

    def render(self) -> str:
        """One paragraph for a person: the message, then one line per wrong field."""
        lines = [self.message]
        lines += [f"  - {p.render()}" for p in self.problems]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "problems": [{"file": p.file, "field": p.location, "message": p.message} for p in self.problems],
        }


class InputError(RegencheckError):
    """Raised when input given by the user cannot be used as it is."""

    code = "invalid_input"
    http_status = 422


class InputFileError(InputError):
    """Raised when a file cannot be read, is empty, binary, or over the size limit."""

    code = "invalid_file"


class ValidationFailed(InputError):
    """Raised when a document parses but a field has the wrong type or an unknown value."""

    code = "validation_failed"


class KnowledgeError(RegencheckError):
    """Raised when the bundled knowledge base or a `--knowledge` overlay fails its schema."""

    code = "invalid_knowledge"


class NotFound(RegencheckError):
    """Raised when a named record, file or id does not exist."""

    code = "not_found"
    http_status = 404


class Conflict(RegencheckError):
    """Raised when a write would overwrite a newer version or duplicate a unique name."""

    code = "conflict"
    http_status = 409


class PermissionDenied(RegencheckError):
    """Raised when the acting user's role does not allow the action."""

    code = "forbidden"
    http_status = 403


@dataclass
class ErrorReport:
    """A non-fatal problem with one input among many (bulk scans): reported, not raised."""

    source: str
    reason: str
    details: dict[str, object] = field(default_factory=dict)


def pydantic_problems(exc: object, file: str | None = None) -> list[FieldProblem]:
    """Turn a pydantic ValidationError into FieldProblems with dotted paths and allowed values."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return [FieldProblem(location="", message=str(exc), file=file)]
    out: list[FieldProblem] = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = err.get("msg", "invalid value")
        ctx = err.get("ctx") or {}
        expected = ctx.get("expected")
        if expected and "expected" not in msg.lower():
            msg = f"{msg} (expected {expected})"
        if "input" in err and err.get("type") not in ("missing",):
            got = repr(err["input"])
            if len(got) > 60:
                got = got[:57] + "..."
            msg = f"{msg}; got {got}"
        out.append(FieldProblem(location=loc, message=msg, file=file))
    return out
