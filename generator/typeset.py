"""Where a 公文 title may break between lines: between words, never inside one (GB/T 9704-2012 7.3.3:
回行时要做到词意完整). Python-Markdown and the browser know no Chinese words, so the title is cut into
segments at the places a title's grammar allows; the template puts a break opportunity between them."""

from __future__ import annotations

import re

# A break is allowed before 关于 and after it, after the verb that follows it, around 暨, around a quoted
# name, before a bracketed note (（样张扫描件）), after a year, and before the closing 的通知 (的通报, 的意见 …);
# spaces between issuers stay.
_BREAK_BEFORE = re.compile(r"关于|暨|“|（|的(?:通知|通报|意见|决定|函|报告|批复|请示|方案|办法|公告|通告)$")
_BREAK_AFTER = re.compile(r"\s+|关于(?:举办|开展|组织|做好|召开|印发|转发|公布|表彰|推荐|申报|征集|加强|进一步)?"
                          r"|暨|”|\d年度?")
LONGEST = 18  # characters: a 2号 title line holds 20; a longer segment may break anywhere


def title_segments(title: str) -> list[str]:
    """The title in pieces that must not be broken; joined they give the title back unchanged."""
    cuts = sorted({0, len(title)} | {match.start() for match in _BREAK_BEFORE.finditer(title)}
                  | {match.end() for match in _BREAK_AFTER.finditer(title)})
    segments = [title[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]
    return [piece for segment in segments for piece in (list(segment) if len(segment) > LONGEST else [segment])]
