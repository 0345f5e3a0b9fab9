"""What the endpoint says about itself: DescribeEndpoints and DescribeLimits."""
from __future__ import annotations

from ..limits import ACCOUNT_MAX_CAPACITY_UNITS, TABLE_MAX_CAPACITY_UNITS


def describe_endpoints(engine, request: dict) -> dict:
    return {"Endpoints": [{"Address": f"dynamodb.{engine.region}.amazonaws.com", "CachePeriodInMinutes": 1440}]}


def describe_limits(engine, request: dict) -> dict:
    return {"AccountMaxReadCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
            "AccountMaxWriteCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
            "TableMaxReadCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
            "TableMaxWriteCapacityUnits": TABLE_MAX_CAPACITY_UNITS}
