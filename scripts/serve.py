"""N Streamlit replicas behind nginx: the shared deployment (`scripts/serve.sh`).

    scripts/serve.sh --replicas 2 [--port 8501] [--address 0.0.0.0] [--admin-port 8502]

Every replica is the same app on its own loopback port, reading the same
published store version (`loaders.versions`; a new one is picked up by each
session on its next rerun). nginx (Debian's package, run as this user with a
config generated in the run directory, not the system service) listens on
`--port` and:
- keeps a browser on one replica (a cookie `rm_replica`, hashed consistently:
  a Streamlit session, its uploads and its media files live in one process);
- upgrades WebSockets (`/_stcore/stream`);
- routes around a replica that stops answering (a browser it held reconnects
  to another, which reruns the page from its link);
- answers `/healthz` itself (the proxy runs) and `/readyz` from a replica's
  `/_stcore/health` (at least one replica serves);
- with `--admin-port`, the admin-only deployment option (issue 19.1/19.2):
  the public server refuses Streamlit's upload endpoint with 403 (its URL
  names a session, not a page, so nginx cannot tell Beheer's uploads from
  others') and a second server on 127.0.0.1:<admin-port>, the same replicas,
  accepts them: admins reach it through an SSH tunnel or a proxy with its
  own authentication. Every request the public server passes on carries
  `X-Regiomonitor-Opladen: nee` (set by nginx, whatever the client sent):
  Beheer there shows no login, only that it works on the admin port.
A replica that exits is restarted. Ctrl-C or SIGTERM stops everything.
"""
from __future__ import annotations

import argparse
import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import streamlit

from backoffice import auth

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "webapp.py"       # what ./start.sh runs: app.py behind ui/guards.py
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UPLOAD_MB = 20            # .streamlit/config.toml's server.maxUploadSize
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
CONFIG = """\
{user}worker_processes auto;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {run}/tmp/body;
    proxy_temp_path {run}/tmp/proxy;
    fastcgi_temp_path {run}/tmp/fastcgi;
    uwsgi_temp_path {run}/tmp/uwsgi;
    scgi_temp_path {run}/tmp/scgi;
    server_tokens off;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    # Sticky sessions: a browser keeps the replica its cookie names.
    map $cookie_rm_replica $sticky {{ "" $request_id; default $cookie_rm_replica; }}
    upstream replicas {{
        hash $sticky consistent;
{servers}
    }}
{blocks}
}}
"""


# One server block: the public one on --port, and with --admin-port a second on
# loopback; they differ in what they do with Streamlit's upload endpoint, and
# say so to the app in a header (`backoffice.auth.uploads_refused`: Beheer on
# the public server only points to the admin port). Every location inherits
# the server's proxy_set_header (none sets its own).
SERVER = """\
    server {{
        listen {listen};
        client_max_body_size {upload_mb}m;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header {uploads_header} "{uploads_value}";   # replaces what a client sent
        proxy_read_timeout 1d;
        proxy_connect_timeout 2s;
        proxy_next_upstream error timeout http_502 http_503;

        location = /healthz {{ default_type text/plain; return 200 "ok\\n"; }}
        location = /readyz {{ proxy_pass http://replicas/_stcore/health; }}
        location / {{
            proxy_pass http://replicas;
            add_header Set-Cookie "rm_replica=$sticky; Path=/; HttpOnly; SameSite=Lax" always;
            add_header X-Replica $upstream_addr always;   # which replica answered (operations, tests)
        }}
        location @replicas {{ proxy_pass http://replicas; }}
{uploads}
        # Files straight from disk, the same bytes a replica would send, without
        # waiting for a busy one: the app's static/ (maps' boundaries, named by
        # their content; nl.js, CSS) and Streamlit's own bundles (hashed names).
        location ^~ /app/static/ {{
            root {run}/web;
            try_files $uri @replicas;
            types {{ application/javascript js; text/css css; application/json json geojson; image/png png; }}
            default_type text/plain;
            add_header X-Content-Type-Options nosniff always;
            add_header Cache-Control "no-cache" always;
            location ^~ /app/static/geo/ {{
                try_files $uri @replicas;
                add_header X-Content-Type-Options nosniff always;
                add_header Cache-Control "public, max-age=31536000, immutable" always;
            }}
        }}
        location ^~ /static/ {{
            root {streamlit_static};
            try_files $uri @replicas;
            include /etc/nginx/mime.types;
            add_header Cache-Control "public, max-age=31536000, immutable" always;
        }}
    }}
"""
# Uploads (Beheer) only by PUT and DELETE, as Streamlit's uploader sends them.
UPLOADS_ACCEPTED = """\
        location /_stcore/upload_file/ {
            limit_except PUT DELETE { deny all; }
            proxy_pass http://replicas;
        }"""
# The public server of a split deployment: nginx matches the normalised path
# (slashes merged, %-escapes decoded), so no spelling of it passes.
UPLOADS_REFUSED = """\
        location /_stcore/upload_file/ {
            default_type "text/plain; charset=utf-8";
            return 403 "Opladen kan niet via dit adres: gegevens inladen gebeurt via het beheeradres.\\n";
        }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


class Cluster:
    """Replicas and nginx, as child processes; `start`, `stop`, `kill(i)`."""

    def __init__(self, replicas: int, port: int = 0, address: str = "127.0.0.1", run: Path | None = None,
                 env: dict | None = None, admin_port: int | None = None):
        self.port, self.address, self.admin_port = port or free_port(), address, admin_port
        self.run = run or Path(tempfile.mkdtemp(prefix="regiomonitor-serve-"))
        self.env = {**os.environ, **(env or {})}
        self.ports = [free_port() for _ in range(replicas)]
        self.replicas: list[subprocess.Popen | None] = [None] * replicas
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def admin_url(self) -> str | None:
        return f"http://127.0.0.1:{self.admin_port}/" if self.admin_port else None

    def page_url(self, page, query: str = "") -> str:
        """Same as `tests.helpers.browser.Server.page_url` (the load test and
        the browser tests drive either)."""
        return self.url + page.url_path + (f"?{query.lstrip('?')}" if query else "")

    def log_tail(self, chars: int = 3000) -> str:
        return "".join(f"--- {log.name}\n" + log.read_text(errors="replace")[-chars:]
                       for log in sorted(self.run.glob("*.log")))

    def replica_rss_mb(self) -> list[float]:
        """Resident memory of each live replica (MiB)."""
        return [_rss_mb(pid) for pid in self.pids()]

    def rss_mb(self) -> float:
        """Of all replicas together (as `Server.rss_mb` of one process)."""
        return sum(self.replica_rss_mb())

    def start(self, timeout: float = 120) -> Cluster:
        for i in range(len(self.ports)):
            self.start_replica(i)
        self.wait_ready(timeout)
        self.start_nginx()
        return self

    def start_replica(self, i: int) -> None:
        log = open(self.run / f"replica-{i}.log", "ab")
        self.replicas[i] = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "streamlit"), "run", ENTRY, "--server.address", "127.0.0.1",
             "--server.port", str(self.ports[i])],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not all(healthy(p) for p in self.ports):
            if any(r.poll() is not None for r in self.replicas):
                raise RuntimeError(f"a replica stopped while starting; see {self.run}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"replicas not ready within {timeout:.0f} s; see {self.run}")
            time.sleep(0.5)

    def config(self) -> str:
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.ports)
        user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
        public = (f"{self.address}:{self.port}", not self.admin_port)
        admin = [(f"127.0.0.1:{self.admin_port}", True)] if self.admin_port else []
        blocks = "\n".join(
            SERVER.format(listen=listen, uploads=UPLOADS_ACCEPTED if accepted else UPLOADS_REFUSED,
                          uploads_header=auth.UPLOADS_HEADER, uploads_value="ja" if accepted else auth.UPLOADS_REFUSED,
                          upload_mb=UPLOAD_MB, run=self.run, streamlit_static=STREAMLIT_STATIC)
            for listen, accepted in [public, *admin])
        return CONFIG.format(user=user, run=self.run, servers=servers, blocks=blocks)

    def start_nginx(self) -> None:
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.run / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        app = self.run / "web" / "app"
        app.mkdir(parents=True, exist_ok=True)
        (app / "static").unlink(missing_ok=True)
        (app / "static").symlink_to(ROOT / "static")
        conf = self.run / "nginx.conf"
        conf.write_text(self.config())
        check = subprocess.run([NGINX, "-t", "-q", "-p", str(self.run), "-e", str(self.run / "nginx-error.log"),
                                "-c", str(conf)], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx config refused: {check.stderr}")
        self.nginx = subprocess.Popen([NGINX, "-p", str(self.run), "-e", str(self.run / "nginx-error.log"),
                                       "-c", str(conf)], start_new_session=True)
        deadline = time.monotonic() + 10
        while not self._answers("/healthz"):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start; see {self.run / 'nginx-error.log'}")
            time.sleep(0.1)

    def _answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def kill(self, i: int) -> None:
        """Kill a replica at once (a crash), for tests and drills."""
        process = self.replicas[i]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def restart_dead(self) -> list[int]:
        dead = [i for i, r in enumerate(self.replicas) if r.poll() is not None]
        for i in dead:
            self.start_replica(i)
        return dead

    def pids(self) -> list[int]:
        return [r.pid for r in self.replicas if r.poll() is None]

    def stop(self) -> None:
        for process in [self.nginx, *self.replicas]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [self.nginx, *self.replicas]:
            if process is not None:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/serve.sh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0", help="waar nginx luistert (standaard: alle adressen)")
    parser.add_argument("--run-dir", type=Path, help="map voor de nginx-configuratie en de logs")
    parser.add_argument("--admin-port", type=int,
                        help="beheer apart: alleen deze poort (op 127.0.0.1) neemt uploads aan; --port weigert ze")
    args = parser.parse_args(argv)
    if not Path(NGINX).exists():
        print("Fout: nginx ontbreekt; installeer het Debian-pakket 'nginx' (sudo apt-get install nginx).",
              file=sys.stderr)
        return 1
    if args.run_dir:
        args.run_dir.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(args.replicas, args.port, args.address, args.run_dir, admin_port=args.admin_port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        cluster.start()
        admin = f"; beheer (uploads) alleen op {cluster.admin_url}" if args.admin_port else ""
        print(f"Regiomonitor Werk: {args.replicas} replica's achter nginx op http://{args.address}:{args.port}"
              f"{admin} (logs in {cluster.run})", flush=True)
        while True:
            time.sleep(2)
            for i in cluster.restart_dead():
                print(f"replica {i} was gestopt en wordt herstart", flush=True)
            if cluster.nginx.poll() is not None:
                print("nginx is gestopt", file=sys.stderr)
                return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
