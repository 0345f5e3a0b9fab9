"""Fixtures shared across the test suite.

- `serve_process(*args)`: start `dynoxide serve --port 0 ...` as a subprocess,
  wait for its "listening on" line, return a `ServerProcess` (`.endpoint`,
  `.stop()`); every process is stopped at the end of the test.
- `server`: one in-memory `dynoxide serve` for the whole session; yields its
  endpoint (`http://127.0.0.1:PORT`). Tests share it, so use unique table names.
- `boto3_client`: a boto3 DynamoDB client on `server` with dummy credentials.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import settings

# No per-example deadline: tests assert behaviour, never speed, and the suite
# shares small machines with other work (a deadline there only adds flakes).
settings.register_profile("dynoxide", deadline=None)
settings.load_profile("dynoxide")


def pytest_configure(config):
    # Installed, the plugin comes in through its pytest11 entry point; from a
    # checkout on PYTHONPATH (no entry point), it is loaded here.
    if not config.pluginmanager.has_plugin("dynoxide"):
        config.pluginmanager.import_plugin("dynoxide.testing.pytest_plugin")

DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "dummy",
    "AWS_SECRET_ACCESS_KEY": "dummy",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}
_LISTENING = re.compile(r"dynoxide listening on (http://\S+)")


class ServerProcess:
    """A `dynoxide serve` subprocess; output after the listening line is kept in `.output`."""

    def __init__(self, *args: str, timeout: float = 15.0):
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
        raise RuntimeError(f"dynoxide serve did not start: {''.join(seen)!r}")

    def _drain(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)

    @property
    def port(self) -> int:
        return int(self.endpoint.rsplit(":", 1)[1])

    def stop(self, sig: int | None = None, timeout: float = 10.0) -> int:
        """Signal the server (SIGTERM by default) and wait; returns the exit code."""
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


@pytest.fixture
def serve_process():
    started: list[ServerProcess] = []

    def start(*args: str) -> ServerProcess:
        process = ServerProcess(*args)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def server():
    process = ServerProcess()
    yield process.endpoint
    process.stop()


@pytest.fixture(scope="session")
def aws_env():
    """The environment for an AWS SDK or CLI subprocess pointed at dynoxide."""
    env = dict(os.environ)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        env.pop(name, None)
    env.update(DUMMY_AWS_ENV)
    env["AWS_CONFIG_FILE"] = os.devnull
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    return env


@pytest.fixture(scope="session")
def boto3_client(server):
    boto3 = pytest.importorskip("boto3")
    from botocore.config import Config

    return boto3.client(
        "dynamodb", endpoint_url=server, region_name="us-east-1",
        aws_access_key_id="dummy", aws_secret_access_key="dummy",
        config=Config(retries={"max_attempts": 1}))
