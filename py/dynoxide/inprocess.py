"""boto3 against an embedded Database, in process: no server, no port, no HTTP.

    >>> import dynoxide.inprocess
    >>> db = dynoxide.Database.memory()
    >>> client = dynoxide.inprocess.client(db)          # a boto3 DynamoDB client
    >>> client.list_tables()["TableNames"]
    []

boto3 builds and serialises each request as usual (unsigned: nothing checks
a signature, and signing was a fifth of a call's time); a handler on its
`before-send` event hands the request to the engine's wire layer (the same
code `dynoxide serve` runs) and returns the answer as the HTTP response, so
parsing, errors, retries and paginators behave as they do over the network.
`attach` does the same for a client (or resource) made elsewhere, including
an aiobotocore or aioboto3 one (their event hooks await the same answer, as
an `AioAWSResponse`). boto3 is not a dependency of dynoxide: this module
imports it only when called.
"""
from __future__ import annotations

import inspect
import re
from typing import Any

from .database import Database
from .protocol.wire import dispatch_http

# Never resolved or contacted: every request is answered before it is sent.
ENDPOINT = "http://dynoxide.invalid"
# A client without an endpoint_url (one the mock answers) addresses its region's endpoint.
_REGIONAL_ENDPOINT = re.compile(r"^https?://(?:streams\.)?dynamodb\.([a-z0-9-]+)\.amazonaws\.com")


class _Body:
    """The raw body botocore reads an in-memory response from."""

    def __init__(self, data: bytes):
        self._data = data

    def stream(self, **_kwargs):
        yield self._data


class _AsyncBody(_Body):
    """The raw body aiobotocore awaits: it reads with `await raw.read()`."""

    async def read(self, *_args) -> bytes:
        return self._data


def answer(db: Database, request: Any, *, aio: bool = False, region: str | None = None) -> Any:
    """The HTTP response botocore (or, with `aio`, aiobotocore) receives for
    a prepared `request`, as `db`'s wire layer answers it.

    The request is unsigned, so its region is the client's: `region`, or the
    one its regional endpoint names; it reaches that region's tables.

    No lock here: the Database serialises its own calls, across every client
    attached to it.
    """
    from botocore.awsrequest import AWSResponse

    headers = {name.lower(): value.decode("latin-1") if isinstance(value, bytes) else value
               for name, value in request.headers.items()}
    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    url = request.url
    if region is None:
        regional = _REGIONAL_ENDPOINT.match(url)
        region = regional.group(1) if regional else None
    response = dispatch_http(db, request.method, headers, body or b"", region=db.region, unsigned_region=region)
    # botocore calls every before-send handler, even after one has answered:
    # pointing the request at ENDPOINT marks it answered, so a later catch-all
    # stub (moto's mock_aws, dynoxide.mock's) matches no host there and leaves
    # it alone instead of executing it a second time.
    request.url = ENDPOINT + "/"
    if aio:
        from aiobotocore.awsrequest import AioAWSResponse

        return AioAWSResponse(url, response.status, dict(response.headers), _AsyncBody(response.body))
    return AWSResponse(url, response.status, dict(response.headers), _Body(response.body))


def is_async(client: Any) -> bool:
    """Whether `client` is an aiobotocore one (its API calls are coroutines)."""
    return inspect.iscoroutinefunction(getattr(type(client), "_make_api_call", None))


def attach(client: Any, db: Database) -> Any:
    """Route every call of a boto3 DynamoDB or DynamoDB Streams client (or a
    resource), or of an aiobotocore/aioboto3 one, to `db`."""
    client = getattr(getattr(client, "meta", None), "client", None) or client
    aio = is_async(client)

    def route(request, **_kwargs):
        return answer(db, request, aio=aio, region=client.meta.region_name)

    service = client.meta.service_model.service_id.hyphenize()  # "dynamodb" or "dynamodb-streams"
    client.meta.events.register_first(f"before-send.{service}", route, unique_id="dynoxide-inprocess")
    # Nothing checks a signature here, and SigV4 signing was a fifth of a call's time.
    client.meta.events.register_first(f"choose-signer.{service}", unsigned, unique_id="dynoxide-inprocess-signer")
    return client


def unsigned(**_kwargs: Any) -> Any:
    """A choose-signer handler: send the request unsigned."""
    import botocore

    return botocore.UNSIGNED


def client(db: Database | None = None, **options: Any) -> Any:
    """A boto3 DynamoDB client answered by `db` (a new in-memory one if None).

    `options` go to `boto3.client` (region_name, config, ...); the endpoint
    and, unless given, the credentials are placeholders nothing checks.
    """
    import boto3

    db = Database.memory() if db is None else db
    return attach(boto3.client("dynamodb", endpoint_url=ENDPOINT, **_defaults(db, options)), db)


def streams_client(db: Database | None = None, **options: Any) -> Any:
    """A boto3 DynamoDB Streams client (`dynamodbstreams`) answered by `db`."""
    import boto3

    db = Database.memory() if db is None else db
    return attach(boto3.client("dynamodbstreams", endpoint_url=ENDPOINT, **_defaults(db, options)), db)


def resource(db: Database | None = None, **options: Any) -> Any:
    """A boto3 DynamoDB service resource answered by `db`."""
    import boto3

    db = Database.memory() if db is None else db
    service = boto3.resource("dynamodb", endpoint_url=ENDPOINT, **_defaults(db, options))
    attach(service.meta.client, db)
    return service


def _defaults(db: Database, options: dict) -> dict:
    """`options` for boto3, with the database's region and placeholder
    credentials unless given."""
    return {"region_name": db.region, "aws_access_key_id": "dynoxide", "aws_secret_access_key": "dynoxide",
            **options}


__all__ = ["answer", "attach", "client", "resource", "streams_client", "ENDPOINT"]
