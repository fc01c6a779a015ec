"""Latency of the public "check my offer" page for a 10 KB offer text (issue goal: p95 ≤ 300 ms).

Serves the app with uvicorn in this process's own thread on a free loopback port (embedded
SQLite in a temporary folder), then posts the same 10 KB text one request at a time, as one
patient would. Prints p50/p95 of the check and of `/healthz` (no engine, no template) measured
in the same run, and their ratio, so the figure compares across machines.

    .venv/bin/python benchmarks/bench_check.py            # 60 checks
    .venv/bin/python benchmarks/bench_check.py --quick    # 15 checks
"""

from __future__ import annotations

import argparse
import re
import secrets
import socket
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from regencheck.web.app import create_app
from regencheck.web.settings import ServiceSettings

PARAGRAPHS = [
    "Stem cell facelift with your own fat: autologous fat harvested by liposuction, SVF isolated in our "
    "own processing room and injected back into your face the same day.",
    "Guaranteed results and 100% safe, with no side effects. The best stem cell clinic in Gangnam!",
    "Facelift ..... ₩8,000,000",
    "SVF processing ..... ₩4,500,000",
    "Our doctors explain every step in a consultation before the procedure and follow up after you fly home.",
    "줄기세포 시술은 의료법에 따라 의료기관에서만 시행됩니다. 부작용이 전혀 없습니다.",
]


def offer_text(size: int = 10_000) -> str:
    out: list[str] = []
    while sum(len(p) + 1 for p in out) < size:
        out.append(PARAGRAPHS[len(out) % len(PARAGRAPHS)])
    return "\n".join(out)[:size]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 15 if args.quick else 60
    data_dir = Path(tempfile.mkdtemp(prefix="bench-check-"))
    settings = ServiceSettings.load(data_dir, secret_key=secrets.token_urlsafe(40), check_per_minute=10_000)
    app = create_app(settings)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    text = offer_text()
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/check").text)
        assert token
        form = {"csrf_token": token.group(1), "text": text, "home_country": "ID", "lang": "id"}
        client.post("/check", data=form)  # warm the engines' caches once
        health, check = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            client.get("/healthz")
            health.append(time.perf_counter() - start)
            start = time.perf_counter()
            response = client.post("/check", data=form)
            check.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    server.should_exit = True
    print(f"text: {len(text):,} characters, {rounds} checks, one at a time")
    print(f"/healthz  p50 {pct(health, 0.5):7.1f} ms  p95 {pct(health, 0.95):7.1f} ms")
    print(f"/check    p50 {pct(check, 0.5):7.1f} ms  p95 {pct(check, 0.95):7.1f} ms")
    print(
        f"ratio     check / healthz: p50 {pct(check, 0.5) / pct(health, 0.5):.1f}x, "
        f"p95 {pct(check, 0.95) / pct(health, 0.95):.1f}x"
    )
    verdict = "meets" if pct(check, 0.95) <= 300 else "misses"
    print(f"goal      p95 ≤ 300 ms on this machine: {verdict}")


if __name__ == "__main__":
    main()
