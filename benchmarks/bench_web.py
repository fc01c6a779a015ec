"""Throughput and latency of the web app's pages and API on the embedded SQLite store.

Starts `regencheck serve` in its own process on a free loopback port over a demo database
(sample registry and dossiers, plus generated clinics), then drives each target with 50
concurrent clients for a fixed time. Prints requests per second, p50 and p95 latency and the
error count per target, each as a ratio against `/healthz` (no database, no template) measured
in the same run, so figures compare across machines.

    .venv/bin/python benchmarks/bench_web.py            # 8 s per target, 300 extra clinics
    .venv/bin/python benchmarks/bench_web.py --quick    # 2 s per target, 30 extra clinics
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

# The `regencheck` entry point, run with this interpreter (works from a source tree without a script).
SERVE = "import sys; from regencheck.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass
class Figures:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(data_dir: Path, extra_clinics: int) -> tuple[str, str]:
    """Demo data plus generated clinics; returns (admin password, API token)."""
    from sqlalchemy import select

    from regencheck.knowledge import default_knowledge
    from regencheck.store.bootstrap import bootstrap
    from regencheck.store.db import open_database
    from regencheck.store.directory import add_credential, create_clinic
    from regencheck.store.models import User
    from regencheck.store.roles import SYSTEM
    from regencheck.store.schemas import ClinicCreate, CredentialCreate
    from regencheck.store.users import issue_token, set_password

    db = open_database(f"sqlite:///{data_dir / 'regencheck.db'}")
    bootstrap(db, default_knowledge())
    password = "benchmark passphrase 2026"
    with db.writing() as s:
        admin = s.scalars(select(User).where(User.username == "admin")).one()
        set_password(s, SYSTEM, admin, password)
        token = issue_token(s, SYSTEM, admin, "bench").secret
        for i in range(extra_clinics):
            clinic = create_clinic(
                s,
                SYSTEM,
                ClinicCreate(name=f"Generated Clinic {i:04d}", address=f"{i} Teheran-ro, Gangnam-gu"),
            )
            add_credential(s, SYSTEM, clinic.id, CredentialCreate(kind="kahf", number=f"K-{i}"))
    db.dispose()
    return password, token


def login(base: str, password: str) -> dict[str, str]:
    """Sign in through the form and return the session cookie."""
    with httpx.Client(base_url=base) as client:
        page = client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert csrf
        response = client.post(
            "/login", data={"csrf_token": csrf.group(1), "username": "admin", "password": password}
        )
        if response.status_code != 303:
            raise SystemExit(f"sign-in failed: {response.status_code}")
        return dict(client.cookies)


async def drive(
    base: str,
    name: str,
    path: str,
    *,
    headers: dict[str, str],
    cookies: dict[str, str],
    clients: int,
    seconds: float,
) -> Figures:
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, cookies=cookies, limits=limits, timeout=30
    ) as client:
        await client.get(path)  # warm the route
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code != 200:
                        errors += 1
                        kinds[f"HTTP {response.status_code}: {response.text[:120]}"] = (
                            kinds.get(f"HTTP {response.status_code}: {response.text[:120]}", 0) + 1
                        )
                except httpx.HTTPError as exc:
                    errors += 1
                    kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
                latencies.append(time.perf_counter() - start)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    for kind, count in kinds.items():
        print(f"  {name}: {count} x {kind}", file=sys.stderr)
    return Figures(name, len(latencies), errors, elapsed, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="2 s per target and fewer clinics")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (serve --workers)")
    args = parser.parse_args()
    seconds = args.seconds or (2.0 if args.quick else 8.0)
    extra = 30 if args.quick else 300

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="regencheck-bench-") as tmp:
        data_dir = Path(tmp)
        password, token = prepare(data_dir, extra)
        port = free_port()
        env = os.environ | {"REGENCHECK_DATA_DIR": str(data_dir)}
        env.pop("REGENCHECK_DATABASE_URL", None)
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                SERVE,
                "serve",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
                "--workers",
                str(args.workers),
                # The clients share two cores with the server: give idle keep-alive connections
                # time to be reused rather than closed under them (browsers retry such requests;
                # this client counts them as errors).
                "--keep-alive",
                "30",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print(server.stderr.read().decode() if server.stderr else "", file=sys.stderr)
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            cookies = login(base, password)
            bearer = {"Authorization": f"Bearer {token}"}
            targets = [
                ("baseline /healthz", "/healthz", {}, {}),
                ("page  dashboard /", "/", {}, cookies),
                ("page  clinic detail", "/clinics/5", {}, cookies),
                ("page  verification", "/verifications/5", {}, cookies),
                ("page  registry", "/registry", {}, cookies),
                ("api   GET /api/clinics", "/api/clinics", bearer, {}),
                ("api   GET /api/clinics/5", "/api/clinics/5", bearer, {}),
                ("api   GET /api/verifications", "/api/verifications", bearer, {}),
                ("api   GET /api/registry/rows", "/api/registry/rows?q=clinic", bearer, {}),
            ]
            results = [
                asyncio.run(
                    drive(base, name, path, headers=h, cookies=c, clients=args.clients, seconds=seconds)
                )
                for name, path, h, c in targets
            ]
        finally:
            server.terminate()
            server.wait(timeout=20)

    base_fig = results[0]
    print(
        f"regencheck web benchmark: {args.clients} concurrent clients, {seconds:g} s per target, "
        f"SQLite, {extra} generated clinics + samples, {args.workers} server worker(s), "
        f"cpus={os.cpu_count()}, load average before the run {load_before:.1f}"
    )
    print(
        f"{'target':<30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'rps/base':>9} {'p95/base':>9}"
    )
    for fig in results:
        print(
            f"{fig.name:<30} {fig.rps:8.0f} {fig.pct(0.50):8.1f} {fig.pct(0.95):8.1f} {fig.errors:7d} "
            f"{fig.rps / base_fig.rps:9.2f} {fig.pct(0.95) / base_fig.pct(0.95):9.2f}"
        )
    worst = max(f.pct(0.95) for f in results[1:])
    errors = sum(f.errors for f in results)
    print(
        f"worst p95 {worst:.1f} ms (goal <= 100 ms); errors {errors} (goal 0); "
        f"median of per-target p95: {statistics.median(f.pct(0.95) for f in results[1:]):.1f} ms"
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
