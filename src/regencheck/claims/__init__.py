"""Red-flag claim scanner: finds, in a page, advert or consent form, the sentences that make
claims the law and the seeds treat as red flags, with spans, categories and legal basis, and
tells them apart from sentences that warn about, negate, question or report such claims."""

from .extract import ScanLimits
from .result import ClaimFinding, ScanResult, Suppressed
from .scanner import scan_bytes, scan_path, scan_text

__all__ = [
    "ClaimFinding",
    "ScanLimits",
    "ScanResult",
    "Suppressed",
    "scan_bytes",
    "scan_path",
    "scan_text",
]
