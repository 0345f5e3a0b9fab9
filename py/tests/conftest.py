"""Fixtures shared across the test suite.

- `serve_process(*args)`: start `dynoxide serve --port 0 ...` as a subprocess
  (the plugin's `dynoxide.testing.server.ServerProcess`: `.endpoint`,
  `.output`, `.stop()`); every process is stopped at the end of the test.
- `server`: one in-memory `dynoxide serve` for the whole session; yields its
  endpoint (`http://127.0.0.1:PORT`). Tests share it, so use unique table names.
- `boto3_client`: a boto3 DynamoDB client on `server` with dummy credentials.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import settings

from dynoxide.testing.server import ServerProcess

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
