"""`regencheck knowledge`: what is loaded, its version, and every source it cites."""

from __future__ import annotations

from typing import Any

from .app import app
from .common import FormatOpt, KnowledgeOpt, OutputFormat, emit, load_kb


def _render(info: dict[str, Any]) -> str:
    lines = [f"Knowledge version {info['knowledge_version']} (facts as of {info['as_of']})"]
    if info["overlay"]:
        lines.append(f"Overlay: {info['overlay']}")
    lines.append("")
    lines.append("Loaded files:")
    for f in info["files"]:
        lines.append(f"  {f['file']:<40} {f['origin']:<8} {f['entries']} entries")
    if info["registry_snapshots"]:
        lines.append("Registry snapshots:")
        lines += [f"  {p}" for p in info["registry_snapshots"]]
    lines.append("")
    lines.append("Sources:")
    for s in info["sources"]:
        flag = "" if s["verified"] else "  [unverified]"
        lines.append(f"  [{s['id']}] {s['citation']} (as of {s['as_of']}){flag}")
    return "\n".join(lines)


@app.command("knowledge")
def knowledge_command(fmt: FormatOpt = OutputFormat.text, knowledge: KnowledgeOpt = None) -> None:
    """List the loaded knowledge: version, files (bundled or overlay) and each source."""
    emit(load_kb(knowledge).describe(), fmt, _render, disclaimer=False)
