"""Load on the clinic server: clients checking in and clinicians reading, on loopback.

A throwaway local PostgreSQL is started; 200 client accounts and 20 clinicians are
created (ten clients share check-ins with each clinician); the real server runs as its
own process (`ebbtide server serve`). For ``--seconds`` (default 60) every client checks
in and every clinician reads their client list and one client's check-ins, each with a
random think time. Reported: requests, errors, lost writes (check-ins answered 201 but
not in the database), p50/p95/p99 per kind of request. Then, sequentially and in one
process, the same read with and without authorization + audit (an unguarded copy of the
route that only builds the data), to show what the guard and the audit row cost.

    .venv/bin/python benchmarks/server_load.py [--seconds 60] [--clients 200]
        [--clinicians 20] [--think 1.0] [--overhead-requests 400] [--workers 1]
        [--generator raw|httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pyotp

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a benchmark password"


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[max(1, round(q / 100 * len(ordered))) - 1]


LIGHT: dict[str, Any] = {"argon_time_cost": 1, "argon_memory_kib": 8192}
"""argon2id at a cost that lets 220 accounts be made and logged in quickly (the default)."""


def settings(light: bool) -> Any:
    """The server settings for the run."""
    from ebbtide.server.db import Settings

    return Settings(**LIGHT) if light else Settings()


def setup(
    url: str, clients: int, clinicians: int, light: bool
) -> tuple[list[Any], list[Any], dict[str, list[str]]]:
    """Accounts, grants to the clinicians, and a few check-ins per client."""
    from datetime import timedelta

    from ebbtide import service
    from ebbtide.server import consent, init_server, open_server
    from ebbtide.server.accounts import add_account
    from ebbtide.server.repo import account_by_uid
    from ebbtide.server.shared import client_context

    init_server(url)
    db = open_server(url, settings=settings(light))
    try:
        docs = [
            add_account(db, f"dr{i}@clinic.example", PASSWORD, "clinician")
            for i in range(clinicians)
        ]
        people = [
            add_account(db, f"c{i}@clients.example", PASSWORD, "client") for i in range(clients)
        ]
        shared: dict[str, list[str]] = {d.uid: [] for d in docs}
        until = db.now().date() + timedelta(days=365)
        for i, p in enumerate(people):
            with db.reading() as conn:
                account = account_by_uid(conn, p.uid)
            assert account is not None
            ctx = client_context(db, account)
            for h in range(5):
                service.add_checkin(ctx, "connected", intensity=2, when=f"{h + 1} hours ago")
            doc = docs[i % clinicians]
            consent.grant(
                db,
                account,
                consent.GrantRequest(doc.email, ["checkins"], "treatment", until),
                "bench",
            )
            shared[doc.uid].append(p.uid)
    finally:
        db.close()
    return people, docs, shared


def _serve(url: str, port: int, light: bool, workers: int) -> None:
    from ebbtide.server.serving import serve

    serve(url, "127.0.0.1", port, workers, settings(light))


def start_server(
    url: str, port: int, light: bool, workers: int = 1
) -> multiprocessing.process.BaseProcess:
    """The server in a process of its own, as `ebbtide server serve --workers N` runs it."""
    proc = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(url, port, light, workers), daemon=False
    )
    proc.start()
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def log_in(base: str, email: str, secret: str | None) -> dict[str, str]:
    """Log in; the headers that carry the session (sent by hand: the cookie is Secure)."""
    body = {
        "email": email,
        "password": PASSWORD,
        "totp": pyotp.TOTP(secret).now() if secret else None,
    }
    res = httpx.post(f"{base}/auth/login", json=body, timeout=30)
    res.raise_for_status()
    token = res.cookies.get("ebbtide_session")
    return {"Cookie": f"ebbtide_session={token}", "X-CSRF-Token": res.json()["csrf_token"]}


class KeepAlive:
    """A minimal HTTP/1.1 client on one kept-alive connection per virtual user.

    Much lighter on the generator's CPU than httpx, so less of the shared cores goes to
    the load itself. It times the same thing: from sending the request to having the whole
    response body.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], json_body: Any = None
    ) -> int:
        """Send one request; return its status once the whole body is read."""
        import json

        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        body = json.dumps(json_body).encode() if json_body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if json_body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        closing = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"connection" and value.strip().lower() == b"close":
                closing = True
        await self.reader.readexactly(length)
        if closing:
            await self.close()
        return status

    async def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.reader = None


async def run_load(
    base: str, clients: list[tuple[str, dict[str, str]]], doctors: list[tuple[list[str], dict[str, str]]],
    seconds: float, think: float, generator: str = "raw",
) -> dict[str, Any]:  # fmt: skip
    """Every virtual user loops until the deadline; latencies per kind, errors, writes."""
    lat: dict[str, list[float]] = {"checkin": [], "list": [], "read": []}
    errors: list[str] = []
    written = 0
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
    host, port = base.removeprefix("http://").split(":")
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        deadline = time.perf_counter() + seconds
        conns: dict[str, KeepAlive] = {}

        async def send(method: str, path: str, headers: dict[str, str], **kw: Any) -> int:
            if generator == "httpx":
                return (await http.request(method, path, headers=headers, **kw)).status_code
            conn = conns.setdefault(headers["Cookie"], KeepAlive(host, int(port)))
            try:
                return await asyncio.wait_for(
                    conn.request(method, path, headers, kw.get("json")), timeout=30
                )
            except BaseException:
                await conn.close()
                raise

        async def timed(
            kind: str, method: str, path: str, headers: dict[str, str], **kw: Any
        ) -> int:
            t0 = time.perf_counter()
            try:
                status = await send(method, path, headers, **kw)
            except (TimeoutError, httpx.HTTPError, OSError, EOFError, ValueError) as exc:
                errors.append(f"{kind}: {type(exc).__name__}")
                return 0
            lat[kind].append((time.perf_counter() - t0) * 1000)
            if status >= 400:
                errors.append(f"{kind}: {status}")
            return status

        async def client_loop(headers: dict[str, str]) -> None:
            nonlocal written
            await asyncio.sleep(random.uniform(0, think))
            while time.perf_counter() < deadline:
                state = random.choice(["connected", "mobilized", "shut-down", "fawning"])
                if (
                    await timed(
                        "checkin", "POST", "/api/me/checkins", headers, json={"state": state}
                    )
                    == 201
                ):
                    written += 1
                await asyncio.sleep(random.uniform(0.5, 1.5) * think)

        async def doctor_loop(mine: list[str], headers: dict[str, str]) -> None:
            await asyncio.sleep(random.uniform(0, think))
            while time.perf_counter() < deadline:
                await timed("list", "GET", "/api/clients", headers)
                await timed("read", "GET", f"/api/clients/{random.choice(mine)}/checkins", headers)
                await asyncio.sleep(random.uniform(0.5, 1.5) * think)

        started = time.perf_counter()
        await asyncio.gather(
            *(client_loop(h) for _uid, h in clients), *(doctor_loop(m, h) for m, h in doctors)
        )
        elapsed = time.perf_counter() - started
        for conn in conns.values():
            await conn.close()
    return {"lat": lat, "errors": errors, "written": written, "elapsed": elapsed}


def overhead(
    url: str, doc_email: str, secret: str, client_uid: str, n: int, light: bool
) -> tuple[list[float], list[float]]:
    """The guarded read vs an unguarded copy that only builds the same data (in-process server)."""
    import uvicorn

    from ebbtide.server import create_server_app, open_server, shared
    from ebbtide.server.localpg import free_port
    from ebbtide.server.repo import account_by_uid, grants_between

    db = open_server(url, settings=settings(light))
    app = create_server_app(db, close_db=False)

    @app.get("/bench/raw/{uid}/checkins", include_in_schema=False)
    def raw(uid: str) -> dict[str, Any]:
        with db.reading() as conn:
            account = account_by_uid(conn, uid)
            assert account is not None
            grant = grants_between(conn, account.id, _doc_id(conn, doc_email), None)
        access = shared.Access(
            shared.client_context(db, account), frozenset({"checkins"}), grant[0], frozenset()
        )
        data: dict[str, Any] = shared.BUILDERS["checkins"](access).to_dict()
        return data

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    time.sleep(31 - time.time() % 30)  # a fresh TOTP step: a used code is refused (no replay)
    headers = log_in(base, doc_email, secret)
    guarded: list[float] = []
    bare: list[float] = []
    with httpx.Client(base_url=base, timeout=30) as http:
        for path in (f"/api/clients/{client_uid}/checkins", f"/bench/raw/{client_uid}/checkins"):
            http.get(path, headers=headers).raise_for_status()  # warm up
        for _ in range(n):
            for path, into in (
                (f"/api/clients/{client_uid}/checkins", guarded),
                (f"/bench/raw/{client_uid}/checkins", bare),
            ):
                t0 = time.perf_counter()
                http.get(path, headers=headers).raise_for_status()
                into.append((time.perf_counter() - t0) * 1000)
    server.should_exit = True
    thread.join(10)
    db.close()
    return guarded, bare


def _doc_id(conn: Any, email: str) -> int:
    from ebbtide.server.repo import account_by_email

    account = account_by_email(conn, email)
    assert account is not None
    return account.id


def main() -> int:
    """Set up, load, measure, print."""
    multiprocessing.set_start_method("spawn", force=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--clinicians", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, seconds")
    parser.add_argument("--overhead-requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--generator",
        choices=["raw", "httpx"],
        default="raw",
        help="load client: raw asyncio HTTP/1.1 keep-alive (light) or httpx (heavier)",
    )
    parser.add_argument(
        "--production-hash",
        action="store_true",
        help="argon2id at production cost for the benchmark's accounts (slow set-up)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from sqlalchemy import create_engine, text

    from ebbtide.server.localpg import create_database, free_port, postgres_server

    with postgres_server(max_connections=300) as pg:
        url = create_database(pg, "load")
        t0 = time.perf_counter()
        people, docs, shared = setup(url, args.clients, args.clinicians, not args.production_hash)
        print(
            f"setup: {len(people)} clients, {len(docs)} clinicians in {time.perf_counter() - t0:.1f} s"
        )
        port = free_port()
        proc = start_server(url, port, not args.production_hash, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            t0 = time.perf_counter()
            clients = [(p.uid, log_in(base, p.email, None)) for p in people]
            doctors = [(shared[d.uid], log_in(base, d.email, d.totp_secret)) for d in docs]
            print(
                f"logins: {len(clients) + len(doctors)} in {time.perf_counter() - t0:.1f} s (argon2id, {'production' if args.production_hash else 'light'} cost)"
            )
            engine = create_engine(url)
            with engine.connect() as conn:
                before = int(conn.execute(text("SELECT count(*) FROM checkins")).scalar_one())
            cpu0 = time.process_time()
            result = asyncio.run(
                run_load(base, clients, doctors, args.seconds, args.think, args.generator)
            )
            generator_cpu = time.process_time() - cpu0
            with engine.connect() as conn:
                after = int(conn.execute(text("SELECT count(*) FROM checkins")).scalar_one())
                audit_rows = int(conn.execute(text("SELECT count(*) FROM srv_audit")).scalar_one())
            engine.dispose()
            from ebbtide.server.admin import verify_audit

            chain = verify_audit(url)
        finally:
            proc.terminate()
            proc.join(20)
        lat = result["lat"]
        total = sum(len(v) for v in lat.values())
        print(
            f"load: {args.seconds:.0f} s, {args.clients} clients + {args.clinicians} clinicians, think {args.think} s"
        )
        print(
            f"  requests {total} ({total / result['elapsed']:.0f}/s), errors {len(result['errors'])}"
        )
        if result["errors"]:
            print("  first errors:", ", ".join(sorted(set(result["errors"]))[:5]))
        lost = result["written"] - (after - before)
        print(
            f"  check-ins answered 201: {result['written']}, in the database: {after - before}, lost: {lost}"
        )
        print(
            f"  audit rows: {audit_rows}, chain {'verified' if chain.ok else 'BROKEN: ' + chain.why}"
        )
        print(
            f"  load generator ({args.generator}) CPU: {generator_cpu:.1f} s in "
            f"{result['elapsed']:.0f} s ({generator_cpu / result['elapsed']:.0%} of one core); "
            f"server workers: {args.workers}"
        )
        every = [x for v in lat.values() for x in v]
        for kind, samples in (*lat.items(), ("all", every)):
            print(
                f"  {kind:8} n={len(samples):6}  p50 {percentile(samples, 50):6.1f} ms  "
                f"p95 {percentile(samples, 95):6.1f} ms  p99 {percentile(samples, 99):6.1f} ms"
            )
        guarded, bare = overhead(
            url,
            docs[0].email,
            docs[0].totp_secret or "",
            shared[docs[0].uid][0],
            args.overhead_requests,
            not args.production_hash,
        )
        g95, b95 = percentile(guarded, 95), percentile(bare, 95)
        print(f"overhead ({args.overhead_requests} sequential reads each, one process, loopback):")
        print(
            f"  with authorization + audit: p50 {statistics.median(guarded):.1f} ms, p95 {g95:.1f} ms"
        )
        print(
            f"  same data, no guard/audit:  p50 {statistics.median(bare):.1f} ms, p95 {b95:.1f} ms"
        )
        print(
            f"  added: p50 {statistics.median(guarded) - statistics.median(bare):+.1f} ms, p95 {g95 - b95:+.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
