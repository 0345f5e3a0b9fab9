"""`dynoxide.mock()`: every DynamoDB client in a scope answered in process.

    >>> import boto3, dynoxide
    >>> with dynoxide.mock() as db:                  # also @dynoxide.mock on a test
    ...     boto3.client("dynamodb").list_tables()["TableNames"]
    []

While a scope is active, each request of a boto3 or aiobotocore/aioboto3
client for `dynamodb` or `dynamodbstreams` is answered by the scope's
`Database`, through `inprocess.answer` (the wire layer `dynoxide serve`
runs): the client serialises, retries and parses as it would against AWS,
and errors are botocore's own exceptions. Other services are never touched.

How a client is reached, wherever it was made:
- handlers on `before-send.dynamodb` / `before-send.dynamodb-streams` are
  added to botocore's BUILTIN_HANDLERS, so every session made afterwards
  (boto3's, aiobotocore's, aioboto3's) registers them on its clients;
- clients made before that (a module-level client of the code under test)
  are found by wrapping `_make_api_call` of botocore's BaseClient (and of
  aiobotocore's, when it is imported), which registers the same handlers on
  the client at its next call.
The handlers are installed once and stay; outside a scope they answer
nothing. A handler for a more specific event name runs before moto's
catch-all `before-send` one, so under moto's `mock_aws` we answer DynamoDB
and moto the rest. botocore calls *every* `before-send` handler, so
`inprocess.answer` points an answered request at `inprocess.ENDPOINT`: a
later catch-all stub (moto's) matches no AWS host there, and `_answer`
leaves alone a request an `inprocess.attach`ed client's own handler has
already answered.

While mocked, requests are not signed (the choose-signer hook says
UNSIGNED): nothing checks a signature, and a client made before the scope
with no credentials at all still works. Placeholder credentials and region
go into the environment only when none are configured, for clients made
inside the scope.

Scopes are process-wide, like moto's (a thread started by a test talks to
the test's database). The outermost scope gets a fresh in-memory database
unless given one; a nested scope shares its enclosing scope's database
unless given its own (`mock(db=...)`), which it uses until it exits.
"""
from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
import unittest
from typing import Any, Callable

from ..database import Database
from .. import inprocess

SERVICES = ("dynamodb", "dynamodb-streams")
_UNIQUE_ID = "dynoxide-mock"
PLACEHOLDER_ENV = {"AWS_ACCESS_KEY_ID": "dynoxide", "AWS_SECRET_ACCESS_KEY": "dynoxide"}
PLACEHOLDER_REGION = "us-east-1"
# Environment that, when set, means the code has credentials of its own.
_CREDENTIAL_ENV = ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                   "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")
# Keys of a profile that give it credentials (config and credentials files).
_CREDENTIAL_KEYS = ("aws_access_key_id", "role_arn", "credential_process", "sso_session", "sso_start_url",
                    "web_identity_token_file", "credential_source")


class _Scopes:
    """The process-wide stack of active scopes' databases, and the
    environment placeholders the outermost scope set."""

    def __init__(self):
        self.lock = threading.Lock()
        self.stack: list[Database] = []
        self.placed_env: dict[str, str] = {}

    def current(self) -> Database | None:
        stack = self.stack
        return stack[-1] if stack else None

    def push(self, db: Database | None) -> Database:
        with self.lock:
            _install()
            if not self.stack:
                self.placed_env = _place_placeholders()
            if db is None:
                db = self.stack[-1] if self.stack else Database.memory(region=_configured_region())
            self.stack.append(db)
            return db

    def pop(self, db: Database) -> None:
        with self.lock:
            # The last entry for db: scopes may end out of order across threads.
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i] is db:
                    del self.stack[i]
                    break
            if not self.stack:
                _remove_placeholders(self.placed_env)
                self.placed_env = {}


_scopes = _Scopes()


def active_database() -> Database | None:
    """The database answering DynamoDB calls now, or None outside every scope."""
    return _scopes.current()


class DynamoDBMock:
    """A reusable mock: each `start()` / `with` / decorated call is one scope.

    Made by `dynoxide.mock(...)`; see the module docstring for what a scope does.
    """

    def __init__(self, db: Database | None = None):
        self._db = db
        self._started: list[Database] = []
        self._lock = threading.Lock()

    @property
    def db(self) -> Database | None:
        """The database of this mock's innermost active scope (None when none is active)."""
        return self._started[-1] if self._started else None

    def start(self) -> Database:
        """Begin a scope; returns the database that answers in it."""
        db = _scopes.push(self._db)
        with self._lock:
            self._started.append(db)
        return db

    def stop(self) -> None:
        """End this mock's most recent scope."""
        with self._lock:
            if not self._started:
                raise RuntimeError("dynoxide.mock: stop() without a matching start()")
            db = self._started.pop()
        _scopes.pop(db)

    def __enter__(self) -> Database:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, target: Any) -> Any:
        """Decorate a test function (sync or async) or a test class."""
        if inspect.isclass(target):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):
            @functools.wraps(target)
            async def run_async(*args, **kwargs):
                with self:
                    return await target(*args, **kwargs)
            return run_async

        @functools.wraps(target)
        def run(*args, **kwargs):
            with self:
                return target(*args, **kwargs)
        return run

    def _decorate_class(self, klass: type) -> type:
        """Each test gets a scope spanning its set-up, the test and its tear-down:
        unittest's setUp starts it and a cleanup ends it; pytest-style classes
        get it from setup_method / teardown_method."""
        mock = self
        if issubclass(klass, unittest.TestCase):
            original_setup = klass.setUp

            @functools.wraps(original_setup)
            def setUp(test_self, *args, **kwargs):
                mock.start()
                test_self.addCleanup(mock.stop)
                original_setup(test_self, *args, **kwargs)
            klass.setUp = setUp
            return klass

        original_setup = getattr(klass, "setup_method", None)
        original_teardown = getattr(klass, "teardown_method", None)

        def setup_method(test_self, method=None):
            mock.start()
            _call_optional(original_setup, test_self, method)

        def teardown_method(test_self, method=None):
            try:
                _call_optional(original_teardown, test_self, method)
            finally:
                mock.stop()
        klass.setup_method = setup_method
        klass.teardown_method = teardown_method
        return klass


def mock(target: Any = None, /, *, db: Database | None = None) -> Any:
    """Answer every boto3 / aiobotocore DynamoDB client from an in-process database.

    A context manager (`with dynoxide.mock() as db:`), a decorator of test
    functions, coroutines and classes (`@dynoxide.mock` or
    `@dynoxide.mock(db=shared)`), or `m = dynoxide.mock(); m.start(); m.stop()`.
    """
    mocker = DynamoDBMock(db)
    return mocker if target is None else mocker(target)


def _call_optional(method: Callable | None, instance: Any, arg: Any) -> None:
    """Call a setup_method/teardown_method as pytest would: with the test method if it takes one."""
    if method is None:
        return
    if method.__code__.co_argcount > 1:
        method(instance, arg)
    else:
        method(instance)


# --- botocore hooks --------------------------------------------------------

_installed: set[str] = set()


def _install() -> None:
    """Install the hooks (once per library; called under the scopes' lock)."""
    if "botocore" not in _installed:
        import botocore.client
        from botocore.handlers import BUILTIN_HANDLERS

        for service in SERVICES:
            BUILTIN_HANDLERS.append((f"before-send.{service}", _answer))
            BUILTIN_HANDLERS.append((f"choose-signer.{service}", _unsigned))
        _wrap_make_api_call(botocore.client.BaseClient, is_async=False)
        _installed.add("botocore")
    # aiobotocore's sessions read BUILTIN_HANDLERS too; its client class has its
    # own (async) _make_api_call, wrapped once aiobotocore is in use.
    if "aiobotocore" not in _installed and "aiobotocore.client" in sys.modules:
        _wrap_make_api_call(sys.modules["aiobotocore.client"].AioBaseClient, is_async=True)
        _installed.add("aiobotocore")


def _wrap_make_api_call(cls: type, *, is_async: bool) -> None:
    original = cls.__dict__["_make_api_call"]
    if is_async:
        @functools.wraps(original)
        async def _make_api_call(self, operation_name, api_params):
            if _scopes.stack:
                _register(self)
            return await original(self, operation_name, api_params)
    else:
        @functools.wraps(original)
        def _make_api_call(self, operation_name, api_params):
            if _scopes.stack:
                _register(self)
            return original(self, operation_name, api_params)
    cls._make_api_call = _make_api_call


def _register(client: Any) -> None:
    """Give a client made before the hooks existed the handlers new ones get,
    once (a repeat from a race is harmless: `_answer` answers a request once)."""
    if client.__dict__.get("_dynoxide_registered"):  # not getattr: botocore's __getattr__ emits an event
        return
    service = client.meta.service_model.service_id.hyphenize()
    if service in SERVICES:
        events = client.meta.events
        events.register(f"before-send.{service}", _answer, unique_id=_UNIQUE_ID)
        events.register(f"choose-signer.{service}", _unsigned, unique_id=_UNIQUE_ID + "-signer")
    client.__dict__["_dynoxide_registered"] = True


def _answer(request: Any, event_name: str = "", **_kwargs: Any) -> Any:
    db = _scopes.current()
    if db is None or request.url.startswith(inprocess.ENDPOINT):
        return None  # outside every scope, or an inprocess client's own handler answers it
    return inprocess.answer(db, request, aio=_called_from_coroutine())


def _called_from_coroutine() -> bool:
    """Whether the emitter calling `_answer` is aiobotocore's: it calls handlers
    from a coroutine (and awaits their answer's body), botocore's from a plain
    function. The request itself is the same class in both."""
    return bool(sys._getframe(2).f_code.co_flags & inspect.CO_COROUTINE)


def _unsigned(**kwargs: Any) -> Any:
    return None if _scopes.current() is None else inprocess.unsigned(**kwargs)


# --- placeholders ----------------------------------------------------------

def _place_placeholders() -> dict[str, str]:
    """Set placeholder credentials / region in the environment where none are
    configured; returns what was set."""
    placed: dict[str, str] = {}
    if not _credentials_configured():
        placed.update(PLACEHOLDER_ENV)
    if _configured_region(default=None) is None:
        placed["AWS_DEFAULT_REGION"] = PLACEHOLDER_REGION
    os.environ.update(placed)
    return placed


def _remove_placeholders(placed: dict[str, str]) -> None:
    for name, value in placed.items():
        if os.environ.get(name) == value:  # unless the code changed it meanwhile
            del os.environ[name]


def _credentials_configured() -> bool:
    """Whether the environment or the AWS config files name credentials (read
    without resolving them: resolving may reach for instance metadata)."""
    if any(os.environ.get(name) for name in _CREDENTIAL_ENV):
        return True
    import botocore.session

    try:
        profile = botocore.session.Session().get_scoped_config()
    except Exception:  # noqa: BLE001 - a malformed config: the code's problem to meet, not ours
        return True
    return any(key in profile for key in _CREDENTIAL_KEYS)


def _configured_region(default: str | None = PLACEHOLDER_REGION) -> str | None:
    import botocore.session

    try:
        region = botocore.session.Session().get_config_variable("region")
    except Exception:  # noqa: BLE001
        region = None
    return region or default


__all__ = ["mock", "DynamoDBMock", "active_database"]
