"""Starting, timing, measuring and stopping the HTTP servers under test.

Each server is started as its own process (never through a wrapper such as
npx or a pyenv shim, whose start-up and memory are not the server's), on a
free port, from a clean in-memory state. Start-up is the wall time from
spawning the process to the first answered ListTables; idle RSS is the
resident memory of the process and its children once it has answered and
sat idle for a moment.
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DYNALITE_SCRATCH = Path("/work/ref/dynalite-run/node_modules/.bin/dynalite")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python_script(name: str) -> str | None:
    """A console script installed beside this interpreter (not a shim)."""
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else None


def dynoxide_argv(port: int) -> list[str]:
    script = _python_script("dynoxide")
    head = [script] if script else [sys.executable, "-c", "import sys; from dynoxide.cli import main; sys.exit(main())"]
    return head + ["serve", "--port", str(port)]


def moto_argv(port: int) -> list[str] | None:
    try:
        import moto.server  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "moto.server", "-p", str(port)]


def dynalite_argv(port: int) -> list[str] | None:
    candidates = [os.environ.get("DYNALITE"), DYNALITE_SCRATCH, shutil.which("dynalite")]
    node = shutil.which("node")
    for candidate in candidates:
        if candidate and Path(candidate).exists() and node:
            # .bin/dynalite links to cli.js; run it with node directly.
            return [node, str(Path(candidate).resolve()), "--port", str(port)]
    return None


ARGV = {"dynoxide": dynoxide_argv, "moto": moto_argv, "dynalite": dynalite_argv}


def available(kind: str) -> bool:
    if kind == "dynoxide":
        try:
            import dynoxide.cli  # noqa: F401
        except ImportError:
            return False
        return True
    return ARGV[kind](0) is not None


def _answers(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("POST", "/", "{}", {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20240101/us-east-1/dynamodb/aws4_request, "
                             "SignedHeaders=host, Signature=0",
            "X-Amz-Date": "20240101T000000Z"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def _tree_rss_kib(pid: int) -> int | None:
    """Resident memory of pid and its descendants, from /proc (Linux)."""
    proc = Path("/proc")
    if not proc.exists():
        return None
    children: dict[int, list[int]] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in (proc / str(p) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        todo += children.get(p, [])
    return total


class Server:
    def __init__(self, kind: str, log_dir: Path):
        self.kind = kind
        self.port = free_port()
        self.argv = ARGV[kind](self.port)
        self.log = open(log_dir / f"{kind}.log", "w")
        self.proc: subprocess.Popen | None = None
        self.startup_s: float | None = None

    def start(self, timeout: float = 30.0) -> float:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "py"), env.get("PYTHONPATH")]))
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     stdin=subprocess.DEVNULL)
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited with {self.proc.returncode}; see {self.log.name}")
            if _answers(self.port):
                self.startup_s = time.perf_counter() - t0
                return self.startup_s
            time.sleep(0.002)
        self.stop()
        raise RuntimeError(f"{self.kind} did not answer within {timeout} s; see {self.log.name}")

    def rss_mib(self) -> float | None:
        kib = _tree_rss_kib(self.proc.pid) if self.proc else None
        return None if kib is None else kib / 1024

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        self.log.close()
