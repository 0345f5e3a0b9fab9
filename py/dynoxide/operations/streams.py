"""ListStreams, DescribeStream, GetShardIterator and GetRecords (DynamoDBStreams_20120810).

Records are written by the writes themselves (operations/commit.py); these
operations only read the stream catalog and the record log (streams/store.py).
"""
from __future__ import annotations

import re

from ..errors import validation
from ..limits import MAX_GET_RECORDS, MAX_LIST_STREAMS, MAX_PAGE_SIZE
from ..streams import iterators
from ..streams import messages as m
from ..streams.records import position_of, read_back, sequence_number
from ..streams.store import Stream

_STREAM_ARN = re.compile(r"arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table/[A-Za-z0-9_.-]{3,255}/stream/.+")


def _stream(engine, arn: str) -> Stream:
    if not _STREAM_ARN.fullmatch(arn):
        raise validation(m.INVALID_STREAM_ARN)
    stream = engine.streams.get(arn)
    if stream is None:
        raise m.stream_not_found(arn)
    return stream


def list_streams(engine, request: dict) -> dict:
    streams = engine.streams.streams(request.get("TableName"))
    start = request.get("ExclusiveStartStreamArn")
    if start is not None:
        arns = [arn for arn, _, _ in streams]
        streams = streams[arns.index(start) + 1:] if start in arns else []
    limit = request.get("Limit") or MAX_LIST_STREAMS
    page = streams[:limit]
    response: dict = {"Streams": [{"StreamArn": arn, "TableName": table, "StreamLabel": label}
                                  for arn, table, label in page]}
    if len(streams) > limit:
        response["LastEvaluatedStreamArn"] = page[-1][0]
    return response


def describe_stream(engine, request: dict) -> dict:
    stream = _stream(engine, request["StreamArn"])
    first, last = engine.streams.span(stream.arn)
    numbers: dict = {}
    if first is not None or stream.trimmed:
        numbers["StartingSequenceNumber"] = sequence_number(first if first is not None else stream.trimmed)
    if stream.disabled is not None and (last is not None or stream.trimmed):
        numbers["EndingSequenceNumber"] = sequence_number(last if last is not None else stream.trimmed)
    shards = [{"ShardId": stream.shard_id, "SequenceNumberRange": numbers}]
    start = request.get("ExclusiveStartShardId")
    if start is not None:
        shards = [] if start == stream.shard_id else shards
    return {"StreamDescription": {
        "StreamArn": stream.arn, "StreamLabel": stream.label, "StreamStatus": stream.status,
        "StreamViewType": stream.view_type, "CreationRequestDateTime": stream.created,
        "TableName": stream.table_name, "KeySchema": stream.key_schema, "Shards": shards,
    }}


def get_shard_iterator(engine, request: dict) -> dict:
    stream = _stream(engine, request["StreamArn"])
    if request["ShardId"] != stream.shard_id:
        raise m.shard_not_found()
    kind = request["ShardIteratorType"]
    sequence = request.get("SequenceNumber")
    by_number = kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")
    if by_number and sequence is None:
        raise validation(m.SEQUENCE_NUMBER_REQUIRED)
    if not by_number and sequence is not None:
        raise validation(m.SEQUENCE_NUMBER_NOT_ALLOWED)
    if kind == "TRIM_HORIZON":
        after = stream.trimmed
    elif kind == "LATEST":
        last = engine.streams.span(stream.arn)[1]
        after = max(last or 0, stream.trimmed)
    else:
        position = position_of(sequence)
        if position is None:
            raise validation(m.INVALID_SEQUENCE_NUMBER)
        after = position - 1 if kind == "AT_SEQUENCE_NUMBER" else position
        if after < stream.trimmed:
            raise m.trimmed()
    token = iterators.encode(iterators.Iterator(stream.arn, stream.shard_id, after, engine.clock()))
    return {"ShardIterator": token}


def get_records(engine, request: dict) -> dict:
    limit = request.get("Limit") or MAX_GET_RECORDS
    if limit > MAX_GET_RECORDS:
        raise validation(m.GET_RECORDS_LIMIT)
    now = engine.clock()
    iterator = iterators.decode(request["ShardIterator"])
    if iterator is None:
        raise validation(m.INVALID_ITERATOR)
    if iterator.expired(now):
        raise m.expired_iterator()
    stream = engine.streams.get(iterator.stream_arn)
    if stream is None or stream.shard_id != iterator.shard_id:
        raise m.shard_not_found()
    if iterator.after < stream.trimmed:
        raise m.trimmed()
    rows = engine.streams.read(stream.arn, iterator.after, limit)
    records, size, after = [], 0, iterator.after
    for position, text in rows:
        if records and size + len(text) > MAX_PAGE_SIZE:
            break  # DynamoDB's 1 MB per call
        records.append(read_back(position, text))
        size += len(text)
        after = position
    response: dict = {"Records": records}
    drained = len(records) == len(rows) and len(rows) < limit
    if stream.disabled is None or not drained:
        response["NextShardIterator"] = iterators.encode(iterators.Iterator(stream.arn, stream.shard_id, after, now))
    return response
