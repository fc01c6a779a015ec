"""The `regencheck` command line: one Typer app, one small module per command group.

`main()` is the only place that turns errors into exit codes: 0 success, 1 invalid input,
2 usage error, 3 `scan --fail-on` threshold reached. No traceback reaches a user unless
`regencheck --debug` is given.
"""

from __future__ import annotations

import sys

import typer

from ..errors import RegencheckError

# Importing a command module registers its commands on `app`; the list is the command groups.
from . import (  # noqa: F401
    bulk_cmd,
    classify_cmd,
    demo_cmd,
    export_cmd,
    journey_cmd,
    knowledge_cmd,
    monitor_cmd,
    scan_cmd,
    service_cmd,
    verify_cmd,
)
from .app import app, root_options

__all__ = ["app", "main"]


def _is_usage_problem(exc: Exception) -> bool:
    """Click's own errors (usage, bad parameter, missing file) know their exit code and message."""
    return hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `regencheck` script; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    root_options.debug = False
    try:
        result = app(args=args, prog_name="regencheck", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        return 130
    except RegencheckError as exc:
        if root_options.debug:
            raise
        print(f"error: {exc.render()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if _is_usage_problem(exc):
            exc.show(file=sys.stderr)  # type: ignore[attr-defined]
            return int(exc.exit_code)  # type: ignore[attr-defined]
        if root_options.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (run again with --debug for details)",
            file=sys.stderr,
        )
        return 70
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
