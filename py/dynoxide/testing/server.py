"""`dynoxide serve` as a subprocess, for tests that need a real endpoint.

    >>> process = ServerProcess("--db", "data.sqlite")     # doctest: +SKIP
    >>> process.endpoint                                    # doctest: +SKIP
    'http://127.0.0.1:54321'
    >>> process.stop()                                      # doctest: +SKIP
    0

It listens on a free port (`--port 0`) and is ready once it prints its
"listening on" line, which is how the endpoint is learnt (no port to guess,
no race for one). Its output is read on a thread all along, so a chatty
server never blocks on a full pipe; what it prints after that line is kept
in `output`. The plugin's `dynamodb_endpoint` fixture runs one per session.
"""
from __future__ import annotations

import re
import subprocess
import sys
import threading
import time

_LISTENING = re.compile(r"dynoxide listening on (http://\S+)")
START_TIMEOUT = 30.0


class ServerProcess:
    """A `dynoxide serve --port 0 *args` subprocess."""

    def __init__(self, *args: str, timeout: float = START_TIMEOUT):
        self.args = args
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dynoxide", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.output: list[str] = []
        self.endpoint = self._wait_for_endpoint(timeout)
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _wait_for_endpoint(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            match = _LISTENING.search(line)
            if match:
                return match.group(1)
        self.proc.kill()
        self.proc.wait()
        raise RuntimeError(f"dynoxide serve did not start: {''.join(seen)!r}")

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)

    @property
    def port(self) -> int:
        return int(self.endpoint.rsplit(":", 1)[1])

    def stop(self, sig: int | None = None, timeout: float = 10.0) -> int:
        """Signal the server (SIGTERM by default) and wait; returns its exit code."""
        if self.proc.poll() is None:
            if sig is None:
                self.proc.terminate()
            else:
                self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout)
        return self.proc.returncode


__all__ = ["ServerProcess"]
