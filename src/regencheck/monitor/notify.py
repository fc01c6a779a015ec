"""Where monitoring sends what it found: a pluggable sender, a JSON Lines file or a webhook.

A sender gets one message per run (the report's items), so a team's chat or ticket system can
pick it up; the file sender is what tests and cron jobs that mail a file use.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any, Protocol

from ..errors import InputError


class Sender(Protocol):
    def send(self, message: dict[str, Any]) -> None: ...


class FileSender:
    """Appends each message as one JSON line (the file is created 0600: it names clinics)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(mode=0o600, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(message, ensure_ascii=False, sort_keys=True) + "\n")


class WebhookSender:
    """POSTs each message as JSON to an https:// URL (http:// only to localhost)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        if not (url.startswith("https://") or url.startswith(("http://127.0.0.1", "http://localhost"))):
            raise InputError("--notify: a webhook URL must be https:// (or http:// on localhost)")
        self.url, self.timeout = url, timeout

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except OSError as exc:
            raise InputError(
                f"--notify: the webhook at {self.url} did not accept the message: {exc}"
            ) from None


def sender_for(target: str) -> Sender:
    """`file:PATH`, a plain path, or an https:// webhook URL."""
    if target.startswith(("https://", "http://")):
        return WebhookSender(target)
    return FileSender(Path(target.removeprefix("file:")))
