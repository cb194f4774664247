"""Loading: encodings, front matter, YAML that keeps what the editor typed."""

from __future__ import annotations

from generator.load import decode, parse_yaml, split_front_matter


def test_scalars_stay_as_typed():
    data, _, errors = parse_yaml('phone: 0373\nfax: 2126496\ntime: 9:30\nflag: no\nday: 2022-09-15\n'
                                 'quoted: "0398"\nempty:\n', "f.md")
    assert errors == []
    assert data == {"phone": "0373", "fax": "2126496", "time": "9:30", "flag": "no", "day": "2022-09-15",
                    "quoted": "0398", "empty": None}


def test_lines_are_file_lines():
    _, lines, _ = parse_yaml("title: a\ncontacts:\n  - body: b\n    phones: [1]\n", "f.md")
    assert lines[("title",)] == 2  # front matter starts on line 2, after the opening ---
    assert lines[("contacts", 0)] == 4
    assert lines[("contacts", 0, "phones")] == 5


def test_yaml_error_line_is_the_file_line():
    _, _, errors = parse_yaml("title: a\nissuers: [a, b\nregion: x\n", "f.md")
    assert len(errors) == 1
    assert errors[0].file == "f.md" and errors[0].line >= 3
    assert "not valid YAML" in errors[0].message


def test_bom_and_crlf_are_tolerated():
    text, errors = decode("\ufeff---\r\ntitle: 通知\r\n---\r\n正文\r\n".encode("utf-8"), "f.md")
    assert errors == [] and text == "---\ntitle: 通知\n---\n正文\n"
    front, body, body_line, errors = split_front_matter(text, "f.md")
    assert front == "title: 通知" and body == "正文\n" and body_line == 4


def test_gb18030_is_recognised():
    _, errors = decode("---\ntitle: 关于举办活动的通知\n---\n".encode("gb18030"), "f.md")
    assert len(errors) == 1
    assert errors[0].line == 2
    assert "GB18030" in errors[0].hint


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        bomb += f"{chr(97 + level)}: &{chr(97 + level)} [*{chr(96 + level)}, *{chr(96 + level)}, " \
                f"*{chr(96 + level)}, *{chr(96 + level)}, *{chr(96 + level)}, *{chr(96 + level)}, " \
                f"*{chr(96 + level)}, *{chr(96 + level)}, *{chr(96 + level)}, *{chr(96 + level)}]\n"
    data, _, errors = parse_yaml(bomb, "f.md")
    assert data is None
    assert "too large" in errors[0].message


def test_python_tags_are_refused():
    data, _, errors = parse_yaml("title: !!python/object/apply:os.system [echo hi]\n", "f.md")
    assert errors and "not allowed" in errors[0].message
    assert data == {"title": None}


def test_the_quick_control_character_check_finds_what_the_full_search_finds():
    """control_character asks str.isprintable() before searching: for every code point, in a Chinese
    text with line ends, tabs and ideographic spaces, it must find the same character on the same line."""
    from generator.load import _CONTROL, control_character

    planes_ends = [plane + end for plane in range(0, 0x110000, 0x10000) for end in (0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF)]
    codes = [*range(0x3100), *range(0xD7F0, 0xE010), *range(0xFDC0, 0xFE00), *planes_ends, *range(0, 0x110000, 101)]
    for code in codes:
        text = f"关于举办\t活动\u3000的通知\r\n第二行{chr(code)}文字\n"
        found = _CONTROL.search(text)
        expected = None if found is None else (text[:found.start()].count("\n") + 1, f"U+{ord(found.group()):04X}")
        assert control_character(text) == expected, hex(code)


def test_a_field_indented_past_the_one_above_is_named_with_the_spaces_to_delete():
    """A clerk's stray space before `phones:` said only "did not find expected key"; it names the line and
    how many spaces to delete — in a contact (after `- body:`), at the top level and in a nested block."""
    contact = 'contacts:\n  - body: 县科协\n    people: [王强]\n     phones: ["5512345"]\n    email: a@b.cn\n'
    for front, line, extra in ((contact, 5, 1), ("title: a\nissued: 2022-01-01\n  region: weinan\n", 4, 2),
                               ("dates:\n  start: 2022-01-01\n   end: 2022-01-02\n", 4, 1),
                               ('contacts:\n  - body: 县科协\n      people: [王强]\n', 4, 2)):
        _, _, errors = parse_yaml(front, "f.md")
        assert len(errors) == 1 and errors[0].line == line, (front, errors)
        assert errors[0].message == "this line is indented further than the line above it"
        assert f"delete {extra} space(s) at its start" in errors[0].hint


def test_a_value_with_a_colon_and_a_space_is_shown_quoted_in_the_hint():
    _, _, errors = parse_yaml("title: a\nrecipients: 各镇科协: 县直有关单位\n", "f.md")
    assert len(errors) == 1 and errors[0].line == 3
    assert '`recipients: "各镇科协: 县直有关单位"`' in errors[0].hint
    _, _, errors = parse_yaml('title: a\ntheme: 喜迎"二十大": 科普\n', "f.md")  # quoting it would not do
    assert len(errors) == 1 and "must be put in quotes" in errors[0].hint
