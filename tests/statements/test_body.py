from statements import body


def test_paragraphs_are_separated_by_blank_lines_and_lines_are_folded():
    text = "First line\ncontinues here.\n\n  \nSecond paragraph.\r\n\r\nThird."
    assert body.split_paragraphs(text) == ["First line continues here.", "Second paragraph.", "Third."]


def test_notes_are_numbered_by_first_call():
    paragraphs = ["Alpha[^late] and[^early].", "Again[^late], then[^third]."]
    assert body.note_numbers(paragraphs) == {"late": 1, "early": 2, "third": 3}


def test_call_without_note_names_the_paragraph_and_key():
    messages = body.validate("One.\n\nTwo[^missing].", ["other"])
    assert "Paragraph 2 calls [^missing], but there is no note with the key “missing”." in messages
    assert any("“other” is never called" in m for m in messages)


def test_valid_body_has_no_messages():
    assert body.validate("One[^a].\n\nTwo[^b] and again[^a].", ["a", "b"]) == []


def test_bad_key_characters_are_refused():
    messages = body.validate("Text[^a.b].", ["a.b"])
    assert any("may only use letters, digits" in m for m in messages)


def test_body_length_is_bounded():
    messages = body.validate("x" * 70_000, [])
    assert messages and "limit" in messages[0]


def test_raw_html_is_shown_as_text_never_as_markup():
    html = body.render_inline('<script>alert(1)</script><img src="http://127.0.0.1/x"> *fine*', {}, str)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<em>fine</em>" in html


def test_links_allow_http_only():
    html = body.render_inline("[ok](https://example.org) [bad](javascript:alert(1))", {}, str)
    assert 'href="https://example.org"' in html
    assert 'href="javascript' not in html
    assert html.count("<a ") == 1


def test_calls_are_rendered_with_their_numbers_and_occurrences():
    rendered = body.render_inline(
        "A[^x] *b[^y]* c[^x]", {"x": 1, "y": 2}, lambda call: f"<{call.number}.{call.occurrence}>"
    )
    assert rendered == "A<1.1> <em>b<2.1></em> c<1.2>"


def test_linkify_escapes_and_links_urls():
    html = body.linkify("See <b>this</b> at https://example.org/a_b?c=1&d=2.")
    assert "&lt;b&gt;" in html
    assert '<a href="https://example.org/a_b?c=1&amp;d=2"' in html
    assert html.endswith("</a>.")


def test_body_bounds_are_the_ones_of_limits():
    """validate reports exactly what limits.check_text reports for the body and the number of notes."""
    from statements import limits

    long_body = "Claim.\n\n" * (limits.MAX_PARAGRAPHS + 1)
    keys = [f"n{i}" for i in range(limits.MAX_NOTES + 1)]
    expected = limits.check_text(body=long_body, notes=[{"key": key} for key in keys])
    assert expected == ["The body has 201 paragraphs; the limit is 200.", "There are 101 notes; the limit is 100."]
    messages = body.validate(long_body, keys)
    assert messages[:2] == expected
