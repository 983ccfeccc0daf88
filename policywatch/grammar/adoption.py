"""The adoption and amendment note of a statute-style text, one event a line (statutes.md).

Law databases print the note under the title without its brackets, one event a line
(`2001年4月28日 第九届全国人民代表大会常务委员会第二十一次会议通过`, `2018年4月27日 …修正`),
and a 司法解释 may add when an amendment takes effect (`该修正自2020年8月20日施行`).
The segmenter reads these lines as head (diffing/statute.py) and the normalizer never glues the
paragraph after them onto them (normalize/layout.py): one grammar for both.
"""

from __future__ import annotations

from policywatch.lazyre import LazyRegex

# The events a note records (diffing/facts.py names a note's dates by them too).
ADOPTION_EVENTS = "通过|修正|修订|公布|施行|批准|发布|颁布"
_DATE = r"[0-9０-９〇零○一二三四五六七八九]{4}\s*年[^年日]{1,6}日"
# One event of an unbracketed note: it opens with its date (or 根据 and the date) and ends with
# the event; a stray closing bracket of the copied note may stay (`…会议修订）`). Display lines
# may join several events into one line (no sentence end between them). A title that opens
# with a year (`2024年度…方案`) has no day and no event word at its end. An event may name the
# act that made it (`…会议通过的《中华人民共和国刑法修正案（十二）》`, as the law database prints
# the amendments of a code). A database that cut the bracketed note `（…修订 根据…修正）` into
# lines leaves each event's 根据 at the end of the line before it (`…会议修订  根据`).
# The date an amendment takes effect is a line of its own (`该修正自2020年8月20日施行`,
# `本修订自…起施行`), and so is the day a text takes effect when the database names it by its
# event (`发布之日施行`, under `…交通部令第8号发布`): it dates an event, never a rule of the text.
_NOTE_LINE = LazyRegex(
    rf"(?:根据)?\s*{_DATE}"
    rf".{{0,600}}(?:{ADOPTION_EVENTS})(?:的《[^《》\n]{{1,120}}》)?[）)]?。?(?:\s*根据)?"
    rf"|[该本](?:次)?(?:修正|修订|修改)\s*自\s*{_DATE}\s*起?\s*(?:施行|生效)[）)]?。?"
    r"|自?(?:发布|公布|印发)之日起?(?:施行|生效)"
)


# The characters a note line can open with (_NOTE_LINE's alternatives): the normalizer asks about
# every pair of paragraphs it might join, and most open otherwise, so most never reach the regex.
_NOTE_STARTS = frozenset("根该本自发公印0123456789０１２３４５６７８９〇零○一二三四五六七八九")


def is_adoption_note_line(core: str) -> bool:
    """Whether `core` (a line without its blanks and Markdown) is one line of an unbracketed
    adoption/amendment note (`2001年4月28日 …会议通过`, `该修正自2020年8月20日施行`)."""
    return core[:1] in _NOTE_STARTS and _NOTE_LINE.fullmatch(core) is not None
