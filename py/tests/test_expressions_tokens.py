"""The expression tokenizer and the "near" text of syntax errors."""
from dynoxide.expressions.tokens import near, tokenize


def kinds(text):
    return [t.kind for t in tokenize(text)]


def texts(text):
    return [t.text for t in tokenize(text)]


def test_paths_placeholders_and_comparators():
    assert kinds("a.b[0] <> :v") == ["ID", ".", "ID", "[", "INDEX", "]", "<>", "VALUE", "EOF"]
    assert kinds("#n<=:v") == ["NAME", "<=", "VALUE", "EOF"]
    assert kinds("a>=b<c>d=e") == ["ID", ">=", "ID", "<", "ID", ">", "ID", "=", "ID", "EOF"]


def test_keywords_are_case_insensitive_and_whole_words():
    assert kinds("a and b Or NOT c BeTwEeN d iN e") == [
        "ID", "AND", "ID", "OR", "NOT", "ID", "BETWEEN", "ID", "IN", "ID", "EOF"]
    assert kinds("set remove add delete") == ["SET", "REMOVE", "ADD", "DELETE", "EOF"]
    # Longest match: these are names.
    assert kinds("index android orbit settle") == ["ID", "ID", "ID", "ID", "EOF"]


def test_identifiers_start_with_a_letter():
    assert texts("_a") == ["_", "a", "<EOF>"]
    assert kinds("_a") == ["UNKNOWN", "ID", "EOF"]
    assert kinds("a_1") == ["ID", "EOF"]


def test_list_indexes_have_no_leading_zeros():
    assert texts("007") == ["0", "0", "7", "<EOF>"]
    assert texts("120") == ["120", "<EOF>"]
    assert texts("12ab") == ["12", "ab", "<EOF>"]


def test_bare_hash_and_colon_are_unknown_characters():
    assert kinds("# :") == ["UNKNOWN", "UNKNOWN", "EOF"]
    assert kinds("#_ :_") == ["NAME", "VALUE", "EOF"]


def test_unknown_characters_are_single_tokens():
    assert texts("!!!") == ["!", "!", "!", "<EOF>"]
    assert kinds('ü"*') == ["UNKNOWN", "UNKNOWN", "UNKNOWN", "EOF"]


def test_only_space_tab_cr_lf_are_whitespace():
    assert kinds("a\t\r\n b") == ["ID", "ID", "EOF"]
    assert kinds("a\x0cb") == ["ID", "UNKNOWN", "ID", "EOF"]


def test_token_offsets():
    tokens = tokenize("INVALID SYNTAX HERE")
    assert [(t.start, t.end) for t in tokens] == [(0, 7), (8, 14), (15, 19), (19, 19)]


def test_near_spans_previous_to_next_token():
    src = "INVALID SYNTAX HERE"
    tokens = tokenize(src)
    assert near(src, tokens, 0) == "INVALID SYNTAX"
    assert near(src, tokens, 1) == "INVALID SYNTAX HERE"
    assert near(src, tokens, 2) == "SYNTAX HERE"


def test_near_at_end_of_input_keeps_trailing_whitespace():
    src = "SET a = "
    tokens = tokenize(src)
    assert tokens[-1].kind == "EOF"
    assert near(src, tokens, len(tokens) - 1) == "= "


def test_near_includes_leading_whitespace_of_first_token():
    src = "  ! x"
    assert near(src, tokenize(src), 0) == "  ! x"
