"""Which years the search index indexes again and what its delta holds (outputs/search.py plan_search):
a pure function of each notice page's year and content hash and of what the published bundles hold."""

from __future__ import annotations

from generator.outputs.search import Bundle, SearchState, delta_clashes, delta_file, plan_search

F22 = {"年份": ["2022"]}
F23 = {"年份": ["2023"]}


def _state() -> SearchState:
    return SearchState(years={
        2022: Bundle("f22", {"/2022/a/": ("ha", "zh-cn_000000a", F22), "/2022/b/": ("hb", "zh-cn_000000b", F22),
                             "/2022/c/": ("hc", "zh-cn_000000c", F22)}),
        2023: Bundle("f23", {"/2023/d/": ("hd", "zh-cn_000000d", F23)})})


CURRENT = {"/2022/a/": (2022, "ha"), "/2022/b/": (2022, "hb"), "/2022/c/": (2022, "hc"), "/2023/d/": (2023, "hd")}


def test_nothing_kept_indexes_every_year():
    plan = plan_search(CURRENT, SearchState(), set())
    assert plan.years == [2022, 2023] and plan.delta == {} and plan.hidden == {}


def test_bundles_as_the_pages_are_need_nothing():
    plan = plan_search(CURRENT, _state(), set())
    assert plan.years == [] and plan.delta == {} and plan.hidden == {}
    assert delta_file(plan) == b'{"bundle":null,"hidden":{}}'


def test_an_edited_page_goes_to_the_delta_and_hides_its_old_copy():
    plan = plan_search({**CURRENT, "/2022/b/": (2022, "hb2")}, _state(), set())
    assert plan.years == [] and plan.delta == {"/2022/b/": (2022, "hb2")}
    assert plan.hidden == {"zh-cn_000000b": ("/2022/b/", 2022, F22)}
    assert delta_file(plan) == '{"bundle":"delta/","hidden":{"zh-cn_000000b":{"年份":["2022"]}}}'.encode()


def test_a_deleted_page_is_hidden_and_a_new_one_goes_to_the_delta():
    current = {url: value for url, value in CURRENT.items() if url != "/2023/d/"} | {"/2023/e/": (2023, "he")}
    plan = plan_search(current, _state(), set())
    assert plan.years == [] and plan.delta == {"/2023/e/": (2023, "he")}
    assert set(plan.hidden) == {"zh-cn_000000d"}


def test_a_year_that_cannot_be_kept_is_indexed_and_holds_its_edits():
    plan = plan_search({**CURRENT, "/2022/b/": (2022, "hb2")}, _state(), {2022})
    assert plan.years == [2022] and plan.delta == {} and plan.hidden == {}


def test_past_the_bound_the_year_holding_most_of_the_delta_is_indexed_again():
    current = {**CURRENT, "/2022/a/": (2022, "x"), "/2022/b/": (2022, "y"), "/2023/d/": (2023, "z")}
    assert plan_search(current, _state(), set(), bound=3).years == []
    plan = plan_search(current, _state(), set(), bound=2)
    assert plan.years == [2022] and plan.delta == {"/2023/d/": (2023, "z")} and set(plan.hidden) == {"zh-cn_000000d"}


def test_a_hidden_page_whose_id_another_page_shares_has_its_year_indexed_again():
    state = _state()
    state.years[2023].pages["/2023/d/"] = ("hd", "zh-cn_000000b", F23)  # the same 7 hex digits as /2022/b/
    plan = plan_search({**CURRENT, "/2022/b/": (2022, "hb2")}, state, set())
    assert plan.years == [2022] and plan.hidden == {}
    plan = plan_search({**CURRENT, "/2022/a/": (2022, "ha2")}, _state(), set())
    assert delta_clashes(plan, {"/2022/a/": ("zh-cn_000000a", F22)}) == set()  # its own copy, alike
    assert delta_clashes(plan, {"/2022/a/": ("zh-cn_0000aaa", F22), "/2022/z/": ("zh-cn_000000a", F22)}) == {2022}


# ---------------------------------------------------------------- a big year in parts; the copy given to Pagefind


def test_a_year_past_the_cap_is_split_in_parts_of_nearly_equal_size_named_after_it():
    from generator.outputs.search import split_year
    urls = [f"/2019/n{number:02d}/" for number in range(7)]
    assert split_year(2019, urls, cap=7) == [("2019", urls)]
    parts = split_year(2019, list(reversed(urls)), cap=3)  # the same pages, in any order: the same parts
    assert [name for name, _ in parts] == ["2019", "2019-2", "2019-3"]
    assert [len(part) for _, part in parts] == [2, 2, 3] and sum((part for _, part in parts), []) == urls
    assert split_year(2019, [], cap=3) == [("2019", [])]


def test_delta_json_lists_the_further_parts_newest_year_first_and_nothing_when_there_are_none():
    from generator.outputs.search import ordered_parts
    assert ordered_parts(["2019-10", "2019", "2023-2", "2019-2", "delta", "2023"]) == ["2023-2", "2019-2", "2019-10"]
    plan = plan_search(CURRENT, _state(), set())
    assert delta_file(plan, ["2019-2", "2023-2"]) == b'{"bundle":null,"hidden":{},"parts":["2023-2/","2019-2/"]}'
    assert delta_file(plan, []) == delta_file(plan, ["2019", "delta"]) == delta_file(plan)


def test_the_copy_for_pagefind_sets_chinese_and_punctuation_apart_and_leaves_every_tag_as_written():
    from generator.outputs.search import spaced
    assert spaced('<p title="大篷车">科普大篷车</p>') == '<p title="大篷车"> 科 普 大 篷 车 </p>'
    assert spaced("科<b>普</b>日 ab 活动") == " 科 <b> 普 </b> 日  ab  活 动 "  # apart at a tag too
    assert spaced('<a x="&lt;中&gt;">中文</a>a &lt; b') == '<a x="&lt;中&gt;"> 中 文 </a>a  &lt;  b'
    assert spaced('<img alt="图"/>图表<br>') == '<img alt="图"/> 图 表 <br>'
    # Latin words and numbers stay words; each mark and symbol stands alone, a character reference as one
    assert spaced("<p>010-2126496（传真）Wi-Fi 3.5% A&amp;B</p>") == (
        "<p>010 - 2126496 （ 传 真 ） Wi - Fi 3 . 5 %  A &amp; B</p>")