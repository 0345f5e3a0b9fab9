"""CreateTable's and UpdateTable's schema rules, checked without a table."""
import copy

import pytest

from dynoxide.errors import DynamoError
from dynoxide.validation import validate_request

INVALID = "One or more parameter values were invalid: "
ONE = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


def attrs(*names):
    return [{"AttributeName": n, "AttributeType": "S"} for n in names]


def keys(*pairs):
    return [{"AttributeName": name, "KeyType": kind} for name, kind in pairs]


def table(**overrides):
    request = {"TableName": "abc", "AttributeDefinitions": attrs("a", "b"),
               "KeySchema": keys(("a", "HASH"), ("b", "RANGE")), "ProvisionedThroughput": ONE}
    request.update(overrides)
    return {k: v for k, v in request.items() if v is not None}


def message(op, request):
    with pytest.raises(DynamoError) as caught:
        validate_request(op, copy.deepcopy(request))
    assert caught.value.name == "ValidationException"
    return caught.value.message


def create(**overrides):
    return message("CreateTable", table(**overrides))


def index(name="idx", *pairs, projection=None, **extra):
    return {"IndexName": name, "KeySchema": keys(*pairs), "Projection": {"ProjectionType": "ALL"} if projection is None else projection,
            **extra}


# --- billing and throughput -------------------------------------------------------

def test_provisioned_tables_need_both_capacities():
    assert create(ProvisionedThroughput=None) == (
        INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    assert create(ProvisionedThroughput=None, BillingMode="PROVISIONED").endswith("when BillingMode is PROVISIONED")


def test_on_demand_tables_take_no_throughput():
    assert create(BillingMode="PAY_PER_REQUEST") == (
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")


@pytest.mark.parametrize("throughput, expected", [
    ({"ReadCapacityUnits": 1000000000001, "WriteCapacityUnits": 1000000000001},
     "Given value 1000000000001 for ReadCapacityUnits is out of bounds"),
    ({"WriteCapacityUnits": 1000000000001, "ReadCapacityUnits": 1000000000001},
     "Given value 1000000000001 for ReadCapacityUnits is out of bounds"),
    ({"ReadCapacityUnits": 1000000000000, "WriteCapacityUnits": 1000000000001},
     "Given value 1000000000001 for WriteCapacityUnits is out of bounds"),
])
def test_capacity_has_an_upper_bound(throughput, expected):
    assert create(ProvisionedThroughput=throughput, KeySchema=keys(("a", "HASH")), AttributeDefinitions=[]) == expected


def test_a_negative_capacity_is_a_constraint_even_beside_a_huge_one():
    assert create(ProvisionedThroughput={"ReadCapacityUnits": 1000000000001, "WriteCapacityUnits": -1}) == (
        "1 validation error detected: Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy "
        "constraint: Member must have value greater than or equal to 1")


# --- the table's key schema ---------------------------------------------------------

@pytest.mark.parametrize("definitions, key_schema, expected", [
    ([], [("a", "HASH"), ("a", "HASH")], "Invalid KeySchema: Some index key attribute have no definition"),
    ([], [("a", "HASH")], "Invalid KeySchema: Some index key attribute have no definition"),
    (["b"], [("a", "HASH"), ("a", "HASH")], "Invalid KeySchema: Some index key attribute have no definition"),
    (["b"], [("a", "HASH"), ("b", "RANGE")], "Invalid KeySchema: Some index key attribute have no definition"),
    (["a"], [("a", "HASH"), ("a", "HASH")], "Invalid KeySchema: Some index key attribute have no definition"),
    (["b"], [("a", "HASH")], INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
                                       "Keys: [a], AttributeDefinitions: [b]"),
    (["a", "b"], [("a", "HASH"), ("a", "HASH")],
     "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    (["a", "b"], [("a", "HASH"), ("b", "HASH")], "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
    (["a", "b"], [("a", "RANGE"), ("b", "HASH")], "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (["a", "b"], [("a", "RANGE"), ("b", "RANGE")], "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (["a", "c", "b"], [("a", "HASH"), ("b", "RANGE")],
     INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in "
               "AttributeDefinitions"),
    (["a", "b"], [("a", "HASH")],
     INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in "
               "AttributeDefinitions"),
])
def test_key_schema_must_match_the_definitions(definitions, key_schema, expected):
    assert create(AttributeDefinitions=attrs(*definitions), KeySchema=keys(*key_schema)) == expected


def test_billing_is_checked_before_the_key_schema():
    assert create(AttributeDefinitions=[], KeySchema=keys(("a", "HASH"), ("a", "HASH")), BillingMode="PAY_PER_REQUEST"
                  ).startswith(INVALID + "Neither ReadCapacityUnits")


# --- local secondary indexes --------------------------------------------------------

def test_local_index_list_must_not_be_empty():
    assert create(KeySchema=keys(("a", "HASH")), LocalSecondaryIndexes=[]) == (
        INVALID + "List of LocalSecondaryIndexes is empty")


@pytest.mark.parametrize("lsi, expected", [
    (index("abc", ("c", "RANGE"), ("d", "RANGE")),
     INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [c, d], "
               "AttributeDefinitions: [a, b]"),
    (index("abc", ("a", "RANGE")), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (index("abc", ("a", "HASH"), ("a", "HASH")),
     "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    (index("abc", ("a", "HASH"), ("b", "HASH")), "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
    (index("abc", ("b", "HASH")), INVALID + "Index KeySchema does not have a range key for index: abc"),
    (index("abc", ("b", "HASH"), ("a", "RANGE")),
     INVALID + "Index KeySchema does not have the same leading hash key as table KeySchema for index: abc. "
               "index hash key: b, table hash key: a"),
    (index("abc", ("a", "HASH"), ("b", "RANGE"), projection={}), INVALID + "Unknown ProjectionType: null"),
    (index("abc", ("a", "HASH"), ("b", "RANGE"), projection={"NonKeyAttributes": ["a"]}),
     INVALID + "Unknown ProjectionType: null"),
    (index("abc", ("a", "HASH"), ("b", "RANGE"), projection={"ProjectionType": "ALL", "NonKeyAttributes": ["a"]}),
     INVALID + "ProjectionType is ALL, but NonKeyAttributes is specified"),
    (index("abc", ("a", "HASH"), ("b", "RANGE"), projection={"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["a"]}),
     INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
])
def test_local_indexes_follow_the_table_key(lsi, expected):
    assert create(LocalSecondaryIndexes=[lsi]) == expected


def test_local_indexes_have_unique_names_and_a_limit():
    same = index("abc", ("a", "HASH"), ("b", "RANGE"))
    assert create(LocalSecondaryIndexes=[same, same]) == INVALID + "Duplicate index name: abc"
    many = [index(f"idx{i}", ("a", "HASH"), ("b", "RANGE")) for i in range(6)]
    assert create(LocalSecondaryIndexes=many) == INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5"


# --- global secondary indexes -------------------------------------------------------

def test_global_index_list_must_not_be_empty():
    assert create(GlobalSecondaryIndexes=[]) == INVALID + "List of GlobalSecondaryIndexes is empty"


@pytest.mark.parametrize("gsi, expected", [
    (index("abc", ("c", "HASH"), ("d", "RANGE"), ProvisionedThroughput=ONE),
     INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [c, d], "
               "AttributeDefinitions: [a, b]"),
    (index("abc", ("a", "RANGE"), ProvisionedThroughput=ONE),
     "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (index("abc", ("b", "HASH"), ("b", "RANGE"), ProvisionedThroughput=ONE),
     "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    (index("abc", ("a", "HASH"), projection={}, ProvisionedThroughput=ONE), INVALID + "Unknown ProjectionType: null"),
])
def test_global_indexes_are_well_formed(gsi, expected):
    assert create(GlobalSecondaryIndexes=[gsi]) == expected


def test_index_names_are_unique_across_local_and_global():
    lsi = index("same", ("a", "HASH"), ("b", "RANGE"))
    gsi = index("same", ("b", "HASH"), ProvisionedThroughput=ONE)
    assert create(LocalSecondaryIndexes=[lsi], GlobalSecondaryIndexes=[gsi]) == INVALID + "Duplicate index name: same"


def test_on_demand_global_indexes_take_no_throughput():
    gsi = index("abc", ("b", "HASH"), ProvisionedThroughput=ONE)
    assert create(BillingMode="PAY_PER_REQUEST", ProvisionedThroughput=None, GlobalSecondaryIndexes=[gsi]) == (
        INVALID + "ProvisionedThroughput should not be specified for index: abc when BillingMode is PAY_PER_REQUEST")


def test_global_indexes_have_a_limit():
    many = [index(f"idx{i}", ("b", "HASH"), ProvisionedThroughput=ONE) for i in range(21)]
    assert create(GlobalSecondaryIndexes=many) == INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20"


def test_definitions_used_only_by_indexes_count_as_used():
    gsi = index("gsi", ("c", "HASH"), ProvisionedThroughput=ONE)
    validate_request("CreateTable", table(AttributeDefinitions=attrs("a", "b", "c"), GlobalSecondaryIndexes=[gsi]))
    assert create(AttributeDefinitions=attrs("a", "b", "c", "d"), GlobalSecondaryIndexes=[gsi]) == (
        INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [a, b, c, d], keys used: [a, b, c]")


def test_unused_definitions_are_listed_as_sent_and_the_keys_used_in_dynamodbs_set_order():
    gsi = index("gsi", ("a", "HASH"), ProvisionedThroughput=ONE)
    assert create(AttributeDefinitions=attrs("sk", "a", "b", "pk", "c"),
                  KeySchema=keys(("pk", "HASH"), ("sk", "RANGE")), GlobalSecondaryIndexes=[gsi]) == (
        INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [sk, a, b, pk, c], "
                  "keys used: [a, sk, pk]")


def test_a_well_formed_table_passes():
    lsi = index("lsi", ("a", "HASH"), ("c", "RANGE"), projection={"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]})
    gsi = index("gsi", ("c", "HASH"), ("b", "RANGE"))
    validate_request("CreateTable", table(AttributeDefinitions=attrs("a", "b", "c"), ProvisionedThroughput=None,
                                          BillingMode="PAY_PER_REQUEST", LocalSecondaryIndexes=[lsi],
                                          GlobalSecondaryIndexes=[gsi]))


# --- UpdateTable ------------------------------------------------------------------

def test_update_table_needs_something_to_change():
    expected = ("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates "
                "or SSESpecification or ReplicaUpdates is required")
    assert message("UpdateTable", {"TableName": "abc"}) == expected
    assert message("UpdateTable", {"TableName": "abc", "GlobalSecondaryIndexUpdates": []}) == expected
    validate_request("UpdateTable", {"TableName": "abc", "DeletionProtectionEnabled": True})


def test_update_table_on_demand_takes_no_throughput():
    assert message("UpdateTable", {"TableName": "abc", "BillingMode": "PAY_PER_REQUEST", "ProvisionedThroughput": ONE}) == (
        INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")


def test_update_table_capacity_has_an_upper_bound():
    request = {"TableName": "abc", "ProvisionedThroughput": {"ReadCapacityUnits": 1000000000000,
                                                             "WriteCapacityUnits": 1000000000001}}
    assert message("UpdateTable", request) == "Given value 1000000000001 for WriteCapacityUnits is out of bounds"


def test_each_index_update_names_one_action_and_one_index():
    empty = {"TableName": "abc", "GlobalSecondaryIndexUpdates": [{}, {}, {}]}
    assert message("UpdateTable", empty) == (
        INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                  "GlobalSecondaryIndexUpdate.Delete must not be null")
    repeated = {"TableName": "abc", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "abc"}},
                                                                    {"Delete": {"IndexName": "abc"}}]}
    assert message("UpdateTable", repeated) == (
        INVALID + "Only one global secondary index update per index is allowed simultaneously. Index: abc")


# --- table names of the table-management operations ----------------------------------

@pytest.mark.parametrize("op", ["DescribeTable", "DeleteTable", "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive"])
def test_table_management_reports_a_missing_name_as_required(op):
    assert message(op, {}) == "The parameter 'TableName' is required but was not present in the request"


@pytest.mark.parametrize("op", ["DescribeTable", "DeleteTable"])
def test_table_management_checks_the_name_pattern_first(op):
    assert message(op, {"TableName": "abc;"}) == (
        "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


def test_create_table_reports_all_of_a_bad_names_faults():
    assert create(TableName="") == (
        "2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must satisfy "
        "regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 3")
