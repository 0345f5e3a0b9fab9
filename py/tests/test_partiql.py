"""PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction through the engine."""
from __future__ import annotations

import pytest

from dynoxide import Database, DynamoError
from dynoxide.partiql import ast
from dynoxide.partiql.parser import parse

ORDERS = {
    "TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                             {"AttributeName": "status", "AttributeType": "S"}],
    "GlobalSecondaryIndexes": [{"IndexName": "by_status",
                                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                              {"AttributeName": "sk", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "ALL"}}],
}


@pytest.fixture
def db():
    db = Database.memory()
    db.execute("CreateTable", ORDERS)
    for sk, status, total in ((1, "open", "10"), (2, "shipped", "25.50"), (3, "open", "7")):
        db.execute("PutItem", {"TableName": "Orders", "Item": {
            "pk": {"S": "alice"}, "sk": {"N": str(sk)}, "status": {"S": status}, "total": {"N": total},
            "address": {"M": {"city": {"S": "Leeds"}, "lines": {"L": [{"S": "1 Main St"}]}}}}})
    return db


def run(db, statement, parameters=None, **options):
    request = {"Statement": statement, **options}
    if parameters is not None:
        request["Parameters"] = parameters
    return db.execute("ExecuteStatement", request)


def fails(db, statement, parameters=None, **options) -> DynamoError:
    with pytest.raises(DynamoError) as caught:
        run(db, statement, parameters, **options)
    return caught.value


def alice_sort_keys(db, where):
    """The sort keys of alice's orders that also match `where`, in key order."""
    return [i["sk"]["N"] for i in run(db, f"SELECT sk FROM Orders WHERE pk = 'alice' AND {where}")["Items"]]


def get(db, sk):
    return db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": "alice"}, "sk": {"N": str(sk)}}}).get("Item")


# --- grammar ------------------------------------------------------------------------

def test_keywords_are_case_insensitive_and_quoted_names_are_never_keywords():
    select = parse('select "select" from "Orders" where "where" = 1').statement
    assert select.projection == (ast.Path(("select",)),)
    assert select.table == "Orders"
    assert select.where == ast.Compare("=", ast.Path(("where",)), ast.Literal({"N": "1"}))


def test_literals_of_every_type():
    insert = parse("INSERT INTO t VALUE {'s': 'it''s', 'n': -001.50, 'b': TRUE, 'z': NULL, "
                   "'l': [1, 'a'], 'm': {'k': FALSE}, 'ss': <<'a', 'b'>>, 'p': ?}").statement
    entries = dict(insert.value.entries)
    assert entries["s"] == ast.Literal({"S": "it's"})
    assert entries["n"] == ast.Literal({"N": "-1.5"})
    assert entries["b"] == ast.Literal({"BOOL": True})
    assert entries["z"] == ast.Literal({"NULL": True})
    assert entries["l"] == ast.ListOf((ast.Literal({"N": "1"}), ast.Literal({"S": "a"})))
    assert entries["ss"] == ast.SetOf((ast.Literal({"S": "a"}), ast.Literal({"S": "b"})))
    assert entries["p"] == ast.Param(0)


def test_paths_with_nested_names_and_indexes():
    select = parse('SELECT a.b[2].c, "x y"[0] FROM t').statement
    assert select.projection == (ast.Path(("a", "b", 2, "c")), ast.Path(("x y", 0)))


def test_precedence_is_not_over_and_over_or():
    where = parse("SELECT * FROM t WHERE NOT a = 1 AND b = 2 OR c = 3").statement.where
    assert isinstance(where, ast.Or)
    first = where.items[0]
    assert isinstance(first, ast.And) and isinstance(first.items[0], ast.Not)


def test_parameters_are_counted_in_order():
    parsed = parse("UPDATE t SET a = ? WHERE pk = ? AND sk = ?")
    assert parsed.parameter_count == 3
    assert parsed.statement.assignments[0].value == ast.Param(0)


WELL_FORMED = "Statement wasn't well formed, can't be processed: "


@pytest.mark.parametrize("statement, message", [
    ("SELECTT * FROMM t", WELL_FORMED + "Unexpected term"),
    ("SELECT * FROM", WELL_FORMED + "Unexpected term"),
    ("SELECT * FROM t WHERE", WELL_FORMED + "Unexpected term"),
    ("SELECT * FROM t WHERE ;", WELL_FORMED + "Unexpected term"),
    ("SELECT * FROM t WHERE NOT", WELL_FORMED + "Unexpected term"),
    ("SELECT * FROM t WHERE pk = 1 AND", WELL_FORMED + "Missing right-hand side expression of infix operator"),
    ("SELECT * FROM t WHERE pk = 1 OR ", WELL_FORMED + "Missing right-hand side expression of infix operator"),
    ("SELECT * FROM t WHERE ORDER BY pk", WELL_FORMED + "Unexpected keyword"),
    ("SELECT * FROM t WHERE IS NULL", WELL_FORMED + "Unexpected operator"),
    ("SELECT * FROM t WHERE pk = LIKE", WELL_FORMED + "Unexpected operator"),
    ("SELECT * FROM t WHERE x IS FOO", WELL_FORMED + "Expected type name"),
    ("SELECT * FROM t WHERE pk = 1 foo", WELL_FORMED + "Unexpected token after expression"),
    ("SELECT * FROM t WHERE pk = 1 e5", WELL_FORMED + "Unexpected token after expression"),
    ("SELECT * FROM t ORDER BY pk WHERE pk = 1", WELL_FORMED + "Unexpected token after expression"),
    ("DELETE FROM t WHERE pk = 1 ORDER BY pk", WELL_FORMED + "Unexpected token after expression"),
    ("INSERT INTO t x VALUE {'a': 1}", WELL_FORMED + "Unexpected token after expression"),
    ("DELETE FROM", WELL_FORMED + "Expected identifier for simple path"),
    ("DELETE FROM WHERE pk = 'a'", WELL_FORMED + "Expected identifier for simple path"),
    ("SELECT * FROM t WHERE inner.x = 1", WELL_FORMED + "Unexpected keyword"),
    ("SELECT * FROM t WHERE a.inner = 1", WELL_FORMED + "Invalid path dot component"),
    ("SELECT * FROM t WHERE a = 1 # comment", WELL_FORMED),
    ("SELECT * FROM t WHERE a = 1 /* open", WELL_FORMED),
    ("SELECT * FROM t WHERE a = 'open", WELL_FORMED),
    ("SELECT * FROM t WHERE a = 1e2147483648", WELL_FORMED),
    ("SELECT * FROM t WHERE a = 1.5e-2147483647", WELL_FORMED),
    ("SELECT * FROM t x WHERE pk = 1", "Aliasing is not supported"),
    ('SELECT * FROM "t" AS x WHERE pk = 1', "Aliasing is not supported"),
    ("SELECT *, pk FROM t", "Other attributes should not be present in the projection when '*' is used."),
    ("INSERT INTO t VALUE {'n': 1e126}",  # each inserted attribute is a root of its own
     "Number overflow. Attempting to store a number with magnitude larger than supported range under root"),
    ("INSERT INTO t VALUE {'m': {'x': 1e126}}",
     "Number overflow. Attempting to store a number with magnitude larger than supported range under root.x"),
    ("x IS INT4", "Unsupported operation: IsType"),
    ("SELECT * FROM t WHERE a = [1, 1e-131]",
     "Number underflow. Attempting to store a number with magnitude smaller than supported range under root[1]"),
    ("INSERT INTO t VALUE {'a': <<>>}", "Empty bags are not supported"),
    ("INSERT INTO t VALUES {'a': 1}", 'Unsupported operation: Inserting multiple items in a single statement is not '
                                      'supported, use "INSERT INTO tableName VALUE item" instead'),
])
def test_malformed_statements_get_dynamodbs_words(statement, message):
    with pytest.raises(DynamoError) as caught:
        parse(statement)
    assert caught.value.name == "ValidationException"
    assert caught.value.message == message


@pytest.mark.parametrize("statement, message", [
    ('SELECT COUNT(*) FROM "Orders"', "Unexpected path component at 1:8:5"),
    ('SELECT pk, attribute_exists(ss) FROM "Orders"', "Unexpected path component at 1:12:16"),
])
def test_a_function_in_the_projection_is_refused_once_the_table_is_known(db, statement, message):
    # (It parses: a multi-attribute index's refusal comes first; see test_multi_attribute_gsi.)
    error = fails(db, statement)
    assert (error.name, error.message) == ("ValidationException", message)


def test_comments_and_number_forms_are_read():
    where = parse("SELECT * -- all of it\n FROM t /* the table */ WHERE a = .73e1 AND b = -7.31E+6").statement.where
    assert where.items[0].right == ast.Literal({"N": "7.3"})
    assert where.items[1].right == ast.Literal({"N": "-7310000"})


def test_deep_nesting_is_refused_without_exhausting_the_stack():
    with pytest.raises(DynamoError):
        parse("SELECT * FROM t WHERE " + "(" * 5000 + "a = 1" + ")" * 5000)


# --- SELECT -------------------------------------------------------------------------

def test_select_by_partition_key_reads_in_key_order(db):
    items = run(db, "SELECT * FROM Orders WHERE pk = 'alice'")["Items"]
    assert [item["sk"]["N"] for item in items] == ["1", "2", "3"]


def test_select_by_full_key_with_a_parameter(db):
    items = run(db, 'SELECT * FROM "Orders" WHERE pk = ? AND sk = ?', [{"S": "alice"}, {"N": "2.0"}])["Items"]
    assert len(items) == 1 and items[0]["total"] == {"N": "25.5"}


def test_select_filters_on_other_attributes(db):
    items = run(db, "SELECT * FROM Orders WHERE pk = 'alice' AND total > 8")["Items"]
    assert [item["sk"]["N"] for item in items] == ["1", "2"]


def test_select_without_a_key_is_a_filtered_scan(db):
    items = run(db, "SELECT sk FROM Orders WHERE status = 'open' OR total BETWEEN 20 AND 30")["Items"]
    assert sorted(item["sk"]["N"] for item in items) == ["1", "2", "3"]


def test_projection_names_each_value_by_its_last_name(db):
    items = run(db, "SELECT address.city, address.lines[0], total FROM Orders WHERE pk = 'alice' AND sk = 1")["Items"]
    assert items == [{"city": {"S": "Leeds"}, "lines": {"S": "1 Main St"}, "total": {"N": "10"}}]


def test_order_by_the_sort_key_descending(db):
    items = run(db, "SELECT sk FROM Orders WHERE pk = 'alice' ORDER BY sk DESC")["Items"]
    assert [item["sk"]["N"] for item in items] == ["3", "2", "1"]


def test_select_from_an_index(db):
    items = run(db, 'SELECT sk FROM "Orders"."by_status" WHERE status = \'open\'')["Items"]
    assert [item["sk"]["N"] for item in items] == ["1", "3"]


def test_functions_and_missing_in_where(db):
    assert alice_sort_keys(db, "begins_with(status, 'sh')") == ["2"]
    assert alice_sort_keys(db, "contains(address.city, 'ee')") == ["1", "2", "3"]
    assert alice_sort_keys(db, "attribute_type(total, 'N')") == ["1", "2", "3"]
    assert alice_sort_keys(db, "size(status) = 4") == ["1", "3"]
    assert alice_sort_keys(db, "note IS MISSING") == ["1", "2", "3"]
    assert alice_sort_keys(db, "note IS NOT MISSING") == []
    assert alice_sort_keys(db, "sk IN [1, 3]") == ["1", "3"]
    assert alice_sort_keys(db, "sk NOT IN [1, 3]") == ["2"]
    assert alice_sort_keys(db, "NOT (sk BETWEEN 2 AND 3)") == ["1"]


def test_limit_and_next_token_page_through_results(db):
    seen, token = [], None
    while True:
        options = {"Limit": 1} if token is None else {"Limit": 1, "NextToken": token}
        page = run(db, "SELECT sk FROM Orders WHERE pk = 'alice'", **options)
        seen += [item["sk"]["N"] for item in page["Items"]]
        token = page.get("NextToken")
        if token is None:
            break
    assert seen == ["1", "2", "3"]


def test_a_next_token_is_bound_to_its_statement(db):
    token = run(db, "SELECT sk FROM Orders WHERE pk = 'alice'", Limit=1)["NextToken"]
    err = fails(db, "SELECT * FROM Orders WHERE pk = 'alice'", NextToken=token)
    assert err.name == "ValidationException"


def test_select_of_a_missing_table(db):
    assert fails(db, "SELECT * FROM Nope WHERE pk = 'x'").name == "ResourceNotFoundException"


def test_a_parameter_count_mismatch_is_refused(db):
    assert fails(db, "SELECT * FROM Orders WHERE pk = ?").name == "ValidationException"
    assert fails(db, "SELECT * FROM Orders WHERE pk = 'a'", [{"S": "x"}]).name == "ValidationException"


def test_a_strongly_consistent_read_of_a_gsi_is_refused(db):
    err = fails(db, "SELECT * FROM \"Orders\".\"by_status\" WHERE status = 'open'", ConsistentRead=True)
    assert err.name == "ValidationException"


# --- writes -------------------------------------------------------------------------

def test_insert_writes_an_item_and_refuses_an_existing_key(db):
    run(db, "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 1, 'tags': <<'x', 'y'>>}")
    assert db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": "bob"}, "sk": {"N": "1"}}})["Item"] == {
        "pk": {"S": "bob"}, "sk": {"N": "1"}, "tags": {"SS": ["x", "y"]}}
    err = fails(db, "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 1}")
    assert err.name == "DuplicateItemException"


def test_insert_is_indexed_like_put_item(db):
    run(db, "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 9, 'status': 'open'}")
    items = run(db, 'SELECT pk FROM "Orders"."by_status" WHERE status = \'open\'')["Items"]
    assert {"pk": {"S": "bob"}} in items


def test_update_sets_removes_and_returns(db):
    out = run(db, "UPDATE Orders SET total = total + 5, notes = list_append([], ['a']) REMOVE address "
                  "WHERE pk = 'alice' AND sk = 1 RETURNING ALL NEW *")
    assert out["Items"][0]["total"] == {"N": "15"} and "address" not in out["Items"][0]
    assert get(db, 1)["notes"] == {"L": [{"S": "a"}]}


def test_update_set_functions(db):
    run(db, "UPDATE Orders SET tags = <<'a'>> WHERE pk = 'alice' AND sk = 1")
    run(db, "UPDATE Orders SET tags = set_add(tags, <<'b', 'c'>>) WHERE pk = 'alice' AND sk = 1")
    run(db, "UPDATE Orders SET tags = set_delete(tags, <<'a'>>) WHERE pk = 'alice' AND sk = 1")
    assert get(db, 1)["tags"] == {"SS": ["b", "c"]}
    out = run(db, "UPDATE Orders SET seen = if_not_exists(seen, 1) WHERE pk = 'alice' AND sk = 1 RETURNING MODIFIED NEW *")
    assert out["Items"] == [{"seen": {"N": "1"}}]


def test_update_of_a_missing_item_fails_its_condition(db):
    err = fails(db, "UPDATE Orders SET a = 1 WHERE pk = 'nobody' AND sk = 1")
    assert err.name == "ConditionalCheckFailedException"
    assert db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": "nobody"}, "sk": {"N": "1"}}}) == {}


def test_update_with_a_condition(db):
    assert fails(db, "UPDATE Orders SET a = 1 WHERE pk = 'alice' AND sk = 1 AND total > 100").name == \
        "ConditionalCheckFailedException"
    run(db, "UPDATE Orders SET a = 1 WHERE pk = 'alice' AND sk = 1 AND total < 100")
    assert get(db, 1)["a"] == {"N": "1"}


def test_update_and_delete_need_the_whole_key(db):
    assert fails(db, "UPDATE Orders SET a = 1 WHERE pk = 'alice'").name == "ValidationException"
    assert fails(db, "DELETE FROM Orders WHERE sk = 1").name == "ValidationException"


def test_delete_returning_the_old_item(db):
    out = run(db, "DELETE FROM Orders WHERE pk = 'alice' AND sk = 2 RETURNING ALL OLD *")
    assert out["Items"][0]["status"] == {"S": "shipped"}
    assert get(db, 2) is None


def test_writes_report_consumed_capacity(db):
    out = run(db, "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 1, 'status': 'open'}", ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"]["TableName"] == "Orders"
    assert "by_status" in out["ConsumedCapacity"]["GlobalSecondaryIndexes"]


# --- BatchExecuteStatement ------------------------------------------------------------

def test_batch_reads_report_each_statement_in_order(db):
    out = db.execute("BatchExecuteStatement", {"Statements": [
        {"Statement": "SELECT total FROM Orders WHERE pk = 'alice' AND sk = 2"},
        {"Statement": "SELECT * FROM Orders WHERE pk = 'nobody' AND sk = 1"},
        {"Statement": "SELECT * FROM Orders WHERE pk = ? AND sk = ?", "Parameters": [{"S": "alice"}, {"N": "3"}]},
    ]})
    responses = out["Responses"]
    assert responses[0] == {"TableName": "Orders", "Item": {"total": {"N": "25.5"}}}
    assert responses[1] == {"TableName": "Orders"}
    assert responses[2]["Item"]["sk"] == {"N": "3"}


def test_batch_writes_fail_one_statement_without_stopping_the_rest(db):
    out = db.execute("BatchExecuteStatement", {"Statements": [
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'alice', 'sk': 1}"},
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'carol', 'sk': 1}"},
        {"Statement": "SELECTT nonsense"},
    ]})
    first, second, third = out["Responses"]
    assert first["Error"]["Code"] == "DuplicateItem"
    assert "Error" not in second
    assert third["Error"]["Code"] == "ValidationError"
    assert db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": "carol"}, "sk": {"N": "1"}}})["Item"]


# --- ExecuteTransaction ---------------------------------------------------------------

def test_a_transaction_is_all_or_nothing(db):
    with pytest.raises(DynamoError) as caught:
        db.execute("ExecuteTransaction", {"TransactStatements": [
            {"Statement": "UPDATE Orders SET paid = true WHERE pk = 'alice' AND sk = 1"},
            {"Statement": "INSERT INTO Orders VALUE {'pk': 'alice', 'sk': 2}"},
        ]})
    assert caught.value.name == "TransactionCanceledException"
    assert [r["Code"] for r in caught.value.extra["CancellationReasons"]] == ["None", "DuplicateItem"]
    assert "paid" not in get(db, 1)
    db.execute("ExecuteTransaction", {"TransactStatements": [
        {"Statement": "UPDATE Orders SET paid = true WHERE pk = 'alice' AND sk = 1"},
        {"Statement": "DELETE FROM Orders WHERE pk = 'alice' AND sk = 3"},
        {"Statement": "EXISTS(SELECT * FROM Orders WHERE pk = 'alice' AND sk = 2 AND status = 'shipped')"},
    ]})
    assert get(db, 1)["paid"] == {"BOOL": True} and get(db, 3) is None


def test_a_read_transaction_returns_items_in_order(db):
    out = db.execute("ExecuteTransaction", {"TransactStatements": [
        {"Statement": "SELECT sk FROM Orders WHERE pk = 'alice' AND sk = 3"},
        {"Statement": "SELECT * FROM Orders WHERE pk = 'nobody' AND sk = 1"},
    ]})
    assert out["Responses"] == [{"Item": {"sk": {"N": "3"}}}, {}]


def test_a_transaction_may_not_mix_reads_and_writes(db):
    with pytest.raises(DynamoError) as caught:
        db.execute("ExecuteTransaction", {"TransactStatements": [
            {"Statement": "SELECT * FROM Orders WHERE pk = 'alice' AND sk = 3"},
            {"Statement": "DELETE FROM Orders WHERE pk = 'alice' AND sk = 3"},
        ]})
    assert caught.value.name == "ValidationException"
    assert get(db, 3) is not None


def test_a_client_request_token_replays(db):
    request = {"TransactStatements": [{"Statement": "INSERT INTO Orders VALUE {'pk': 'dave', 'sk': 1}"}],
               "ClientRequestToken": "token-1"}
    db.execute("ExecuteTransaction", request)
    db.execute("ExecuteTransaction", request)  # the same request again: answered, not a duplicate


# --- through boto3 ---------------------------------------------------------------------

def test_boto3_runs_all_three_operations_in_process():
    inprocess = pytest.importorskip("dynoxide.inprocess")
    pytest.importorskip("boto3")
    client = inprocess.client()
    client.create_table(**ORDERS)
    client.execute_statement(Statement="INSERT INTO Orders VALUE {'pk': ?, 'sk': ?, 'status': 'open'}",
                             Parameters=[{"S": "erin"}, {"N": "1"}])
    batch = client.batch_execute_statement(Statements=[
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'erin', 'sk': 2}"},
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'erin', 'sk': 1}"},
    ])
    assert batch["Responses"][1]["Error"]["Code"] == "DuplicateItem"
    client.execute_transaction(TransactStatements=[
        {"Statement": "UPDATE Orders SET status = 'shipped' WHERE pk = 'erin' AND sk = 1"},
        {"Statement": "DELETE FROM Orders WHERE pk = 'erin' AND sk = 2"},
    ])
    items = client.execute_statement(Statement="SELECT sk, status FROM Orders WHERE pk = 'erin'")["Items"]
    assert items == [{"sk": {"N": "1"}, "status": {"S": "shipped"}}]
    with pytest.raises(client.exceptions.DuplicateItemException):
        client.execute_statement(Statement="INSERT INTO Orders VALUE {'pk': 'erin', 'sk': 1}")
    with pytest.raises(client.exceptions.TransactionCanceledException):
        client.execute_transaction(TransactStatements=[
            {"Statement": "UPDATE Orders SET status = 'x' WHERE pk = 'nobody' AND sk = 1"}])


# --- DynamoDB's words for what a statement may not do -------------------------------------

@pytest.mark.parametrize("statement, parameters, message", [
    ("SELECT * FROM Orders WHERE pk = 'alice' AND sk < ?", [{"BOOL": True}],
     "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
    ("SELECT * FROM Orders WHERE sk BETWEEN ? AND 3", [{"L": []}],
     "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L"),
    ("SELECT * FROM Orders WHERE exists(status)", None, "Unrecognized function: exists at 1:28:6"),
    ("SELECT * FROM Orders WHERE attribute_exists('status')", None,
     "Operator or function requires a document path; operator or function: attribute_exists"),
    ("SELECT * FROM Orders WHERE attribute_exists(a, b)", None,
     "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
     "number of operands: 2"),
    ("UPDATE Orders SET t = set_add(tags, <<'a'>>) WHERE pk = 'alice' AND sk = 1", None,
     "The first argument to SET_ADD must equal the assignment value at 1:23:7"),
    ("UPDATE Orders SET tags = set_add(tags, 'a') WHERE pk = 'alice' AND sk = 1", None,
     "The second argument to SET_ADD must be a value with type SET at 1:34:4"),  # points at the first argument
    ("UPDATE Orders SET tags = SET_DELETE(tags) WHERE pk = 'alice' AND sk = 1", None,
     "SET_DELETE must have exactly two arguments at 1:26:10"),
    ("INSERT INTO Orders VALUE {'pk': 'x', 'sk': 1, 'ss': set_add(<<'a'>>, <<'b'>>)}", None,
     "Unsupported data type: set_add under key root at 1:53:7"),
    ("INSERT INTO Orders VALUE {'pk': 'x', 'sk': 1, 'ss': <<'a', 'a'>>}", None,
     "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
    ("UPDATE Orders SET a = 1 WHERE pk = 'alice'", None,
     "Where clause does not contain a mandatory equality on all key attributes"),
    ('UPDATE "Orders"."by_status" SET a = 1 WHERE pk = \'alice\' AND sk = 1', None,
     "This operation is not supported on an index"),
    ("DELETE FROM Orders WHERE pk = 'alice' AND sk = 1 RETURNING ALL NEW *", None,
     "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements."),
    ('SELECT * FROM "Orders"."nope" WHERE pk = \'alice\'', None, "The table does not have the specified index"),
    ("SELECT * FROM Orders ORDER BY sk", None, "Must have WHERE clause in the statement when using ORDER BY clause."),
    ("EXISTS(SELECT * FROM Orders WHERE pk = 'alice' AND sk = 1 AND total > 1)", None,
     "EXISTS can only be used in ExecuteTransaction write requests."),
    ("SELECT * FROM Orders WHERE pk = ?", [{"S": "a"}, {"S": "b"}],
     "Number of parameters in request and statement don't match."),
])
def test_refusals_in_dynamodbs_words(db, statement, parameters, message):
    err = fails(db, statement, parameters)
    assert (err.name, err.message) == ("ValidationException", message)


def test_a_gsi_read_may_not_name_what_the_index_does_not_project():
    db = Database.memory()
    db.execute("CreateTable", {**ORDERS, "GlobalSecondaryIndexes": [{
        "IndexName": "slim", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]}}]})
    err = fails(db, 'SELECT total, note, address.city FROM "Orders"."slim" WHERE status = \'open\'')
    assert err.message == ("One or more parameter values were invalid: Global secondary index slim does not project "
                           "[note, address]")
    assert run(db, 'SELECT total FROM "Orders"."slim" WHERE status = \'open\'')["Items"] == []


def test_an_lsi_read_reaches_attributes_it_does_not_project():
    db = Database.memory()
    db.execute("CreateTable", {**{k: v for k, v in ORDERS.items() if k != "GlobalSecondaryIndexes"},
                               "LocalSecondaryIndexes": [{
                                   "IndexName": "by_total", "Projection": {"ProjectionType": "KEYS_ONLY"},
                                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                 {"AttributeName": "status", "KeyType": "RANGE"}]}]})
    db.execute("PutItem", {"TableName": "Orders", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "status": {"S": "x"},
                                                           "note": {"S": "kept"}}})
    items = run(db, 'SELECT note FROM "Orders"."by_total" WHERE pk = \'a\'', ConsistentRead=True)["Items"]
    assert items == [{"note": {"S": "kept"}}]


def test_write_responses_hold_an_empty_item_list(db):
    assert run(db, "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 1}") == {"Items": []}
    assert run(db, "UPDATE Orders SET a = 1 WHERE pk = 'bob' AND sk = 1") == {"Items": []}
    assert run(db, "DELETE FROM Orders WHERE pk = 'bob' AND sk = 1") == {"Items": []}
    assert run(db, "DELETE FROM Orders WHERE pk = 'bob' AND sk = 1") == {"Items": []}  # nothing there: no error
    out = db.execute("ExecuteTransaction", {"TransactStatements": [
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 2}"}], "ReturnConsumedCapacity": "TOTAL"})
    assert out["Responses"] == [] and out["ConsumedCapacity"][0]["TableName"] == "Orders"


def test_the_from_first_update_form(db):
    out = run(db, "from Orders where pk = 'alice' and sk = 1 set total = 11 remove address returning all new *")
    assert out["Items"][0]["total"] == {"N": "11"} and "address" not in out["Items"][0]


def test_functions_compared_with_booleans_and_type_tests(db):
    assert alice_sort_keys(db, "begins_with(status, 'sh') = true") == ["2"]
    assert alice_sort_keys(db, "begins_with(status, 'sh') = false") == ["1", "3"]
    assert alice_sort_keys(db, "ATTRIBUTE_EXISTS(address.city)") == ["1", "2", "3"]
    assert alice_sort_keys(db, "status IS STRING AND total IS NOT BOOL") == ["1", "2", "3"]
    assert alice_sort_keys(db, "total IS NULL") == []


def test_transaction_members_are_named_in_validation_errors(db):
    def refused(*statements):
        with pytest.raises(DynamoError) as caught:
            db.execute("ExecuteTransaction", {"TransactStatements": [{"Statement": s} for s in statements]})
        return caught.value.message

    assert refused("INSERT INTO Orders VALUE {'pk': 'x', 'sk': 1}", "SELECTT") == \
        "Validation failed in TransactStatements[1]: Statement wasn't well formed, can't be processed: Unexpected term"
    assert refused("SELECT * FROM Orders WHERE pk = 'alice' AND sk = 1 AND attribute_exists(total)") == (
        "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the "
        "primary key in the where clause.")
    assert refused("EXISTS(SELECT * FROM Orders WHERE pk = 'alice' AND sk = 1)") == (
        "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition")
    assert refused("SELECT * FROM \"Orders\".\"by_status\" WHERE status = 'open' AND sk = 1") == (
        "Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.")


def test_batch_rules(db):
    out = db.execute("BatchExecuteStatement", {"Statements": [
        {"Statement": "SELECT * FROM Orders WHERE pk = 'alice'"},
        {"Statement": "SELECT * FROM \"Orders\".\"by_status\" WHERE status = 'open' AND sk = 1"},
        {"Statement": "SELECT * FROM \"Missing\" WHERE pk = 'alice' AND sk = 1"},
    ]})
    need_key = "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
    assert out["Responses"][0] == {"Error": {"Code": "ValidationError", "Message": need_key}}
    assert out["Responses"][1] == {"Error": {"Code": "ValidationError", "Message": need_key}}
    assert out["Responses"][2]["Error"]["Code"] == "ResourceNotFound"
    with pytest.raises(DynamoError) as caught:
        db.execute("BatchExecuteStatement", {"Statements": [
            {"Statement": "SELECT * FROM Orders WHERE pk = 'alice' AND sk = 1"},
            {"Statement": "DELETE FROM Orders WHERE pk = 'alice' AND sk = 2"}]})
    assert caught.value.message == "Read and write requests together in the same batch is not supported."
    with pytest.raises(DynamoError) as caught:
        db.execute("BatchExecuteStatement", {"Statements": [
            {"Statement": "DELETE FROM Orders WHERE pk = 'alice' AND sk = 2"},
            {"Statement": "UPDATE Orders SET a = 1 WHERE pk = 'alice' AND sk = 2"}]})
    assert caught.value.message == "Provided list of item keys contains duplicates"


def test_or_branches_that_overlap_on_the_sort_key_are_refused(db):
    err = fails(db, "SELECT * FROM Orders WHERE pk = 'alice' AND total = 1 OR pk = 'alice' AND sk = 2")
    assert err.message == "Overlapping conditions with range keys are not supported in where clause"
    # A negated sort-key branch does not narrow the partition: the union is read.
    items = run(db, "SELECT sk FROM Orders WHERE pk = 'alice' AND NOT sk = 1 OR pk = 'alice' AND sk = 2")["Items"]
    assert sorted(i["sk"]["N"] for i in items) == ["2", "3"]


@pytest.mark.parametrize("parameter, message", [
    ({"N": "1e99999999999"}, "The parameter cannot be converted to a numeric value: 1e99999999999"),
    ({"N": "-1e-2147483648"}, "The parameter cannot be converted to a numeric value: -1e-2147483648"),
    ({"N": "1e2147483647"}, "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ({"L": [{"N": "1"}, {"NS": ["2", "1e2147483648"]}]},
     "The parameter cannot be converted to a numeric value: 1e2147483648"),
    ({"M": {"bad": {"N": "abc"}, "deep": {"L": [{"L": [{"N": "1"}]}]}}},
     "The parameter cannot be converted to a numeric value: abc"),
])
def test_parameters_are_read_as_dynamodbs_partiql_reader_reads_them(db, parameter, message):
    assert fails(db, "SELECT * FROM Orders WHERE pk = 'alice' AND total = ?", [parameter]).message == message


def test_a_nested_parameter_is_refused_where_the_reader_meets_it(db):
    deep = {"N": "abc"}
    for _ in range(40):
        deep = {"L": [deep]}
    err = fails(db, "SELECT * FROM Orders WHERE pk = 'alice' AND total = ?", [deep])
    assert err.message.startswith("Nesting Levels have exceeded supported limits")
    out = db.execute("BatchExecuteStatement", {"Statements": [
        {"Statement": "SELECT * FROM Orders WHERE pk = 'alice' AND sk = ?", "Parameters": [deep]},
        {"Statement": "SELECT * FROM Orders WHERE pk = 'alice' AND sk = ?", "Parameters": [{"N": "1"}]}]})
    assert out["Responses"][0]["Error"]["Code"] == "ValidationError"  # this statement alone fails
    assert out["Responses"][1]["Item"]["sk"] == {"N": "1"}


def test_a_batch_sums_capacity_per_table_and_per_index(db):
    out = db.execute("BatchExecuteStatement", {"ReturnConsumedCapacity": "INDEXES", "Statements": [
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 1, 'status': 'open'}"},
        {"Statement": "INSERT INTO Orders VALUE {'pk': 'bob', 'sk': 2, 'status': 'open'}"}]})
    (consumed,) = out["ConsumedCapacity"]
    assert consumed["CapacityUnits"] == 4.0
    assert consumed["Table"]["CapacityUnits"] == 2.0
    assert consumed["GlobalSecondaryIndexes"]["by_status"]["CapacityUnits"] == 2.0
