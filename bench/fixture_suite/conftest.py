"""The one fixture the benchmark's tests use, `ddb`: a boto3 DynamoDB client
on a fresh, empty DynamoDB per test, from the backend named by
$FIXTURE_BENCH_BACKEND: "dynoxide" (the plugin's `dynamodb` fixture) or
"moto" (a client inside moto's `mock_aws`, the usual moto fixture)."""
import os
import time

import pytest

BACKEND = os.environ.get("FIXTURE_BENCH_BACKEND", "dynoxide")


def pytest_configure(config):
    # Installed, dynoxide's plugin comes in through its pytest11 entry point; from a checkout, here.
    if BACKEND == "dynoxide" and not config.pluginmanager.has_plugin("dynoxide"):
        config.pluginmanager.import_plugin("dynoxide.testing.pytest_plugin")


if BACKEND == "dynoxide":
    @pytest.fixture
    def ddb(dynamodb):
        return dynamodb
elif BACKEND == "moto":
    @pytest.fixture
    def ddb():
        import boto3
        from moto import mock_aws

        with mock_aws():
            yield boto3.client("dynamodb", region_name="us-east-1")
else:
    raise ValueError(f"unknown FIXTURE_BENCH_BACKEND {BACKEND!r}")


# CPU seconds spent inside tests (set-up, call, tear-down), for bench/fixtures.py:
# on a shared machine, CPU time says more than wall time about the work done.
_spent = [0.0]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.process_time()
    try:
        return (yield)
    finally:
        _spent[0] += time.process_time() - started


def pytest_sessionfinish(session):
    out = os.environ.get("FIXTURE_BENCH_CPU_OUT")
    if out:
        with open(out, "w") as file:
            file.write(repr(_spent[0]))
