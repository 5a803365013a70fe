"""How a list is cut beyond one sentence (claims.py reads its items): bare
terms cut by semicolons alone, and lines that each open with a bullet or a
number; and a numbered marker that ends the item before it ("None 2) Staging")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlquiz.core.grading.claims import Claims, Item
    from mlquiz.core.grading.evidence import Evidence
    from mlquiz.core.grading.reader import Token

# A line's opening marker: "-", "*", "•", "->", "=>", "→", "1", "1.", "2)".
_MARKER_RE = re.compile(r"\d+\)(?=\s|$)")
_BULLET_RE = re.compile(r"(?:^|\n)[ \t]*(?:[-*•→⇒]|->|=>|\d{1,2}[.)]?)[ \t]*$")


def semicolon_runs(
    all_items: list[Item],
    ev: Evidence,
    considered: Callable[[Item], list[int]],
    joining: frozenset[str],
) -> dict[int, int]:
    """Each sentence's list: its own, except that three or more sentences cut
    by semicolons alone, every one of them one bare term ("None; Staging;
    Production; Frozen; Archived"), are one list, as the same terms cut by
    commas are.
    (Joining every semicolon was tried and dropped: learners end a list with
    "; from memory", "; per the docs", "; stages deprecated", which then
    read as the list's one wrong item; those follow a sentence of several
    items, which joins nothing.)"""
    tokens, text = ev.answer.tokens, ev.text
    by_sentence: dict[int, list[Item]] = {}
    for item in all_items:
        by_sentence.setdefault(item.sentence, []).append(item)
    lists = {s: s for s in by_sentence}
    # Chains of sentences cut by semicolons alone.
    chains: list[list[int]] = []
    for s in sorted(by_sentence):
        if chains:
            end = tokens[by_sentence[chains[-1][-1]][-1].tokens[-1]].end
            between = text[end : tokens[by_sentence[s][0].tokens[0]].start]
            if ";" in between and not any(c in between for c in ".!?\n"):
                chains[-1].append(s)
                continue
        chains.append([s])

    def bare(s: int) -> bool:
        # A term of a word or two, every word of it a claim: "newer versions
        # use aliases", "plus aliases", "possibly others" are remarks.
        # `joining` words ("plus", "also") open a remark added to the list.
        items = by_sentence[s]
        if len(items) != 1 or any(ev.answer.words[t] in joining for t in items[0].tokens):
            return False
        return 1 <= len(considered(items[0])) == len(items[0].tokens) <= 2

    # Every piece of the chain bare, or no list: "None; Staging; Production;
    # Archived; plus aliases" reads as the comma list would, its remark no item.
    for chain in chains:
        if len(chain) >= 3 and all(map(bare, chain)):
            for s in chain:
                lists[s] = chain[0]
    for run in _bulleted_runs(by_sentence, ev):
        for s in run:
            lists[s] = lists[run[0]]
    return lists


def _bulleted_runs(by_sentence: dict[int, list[Item]], ev: Evidence) -> list[list[int]]:
    """Three or more sentences in a row, each alone on its line after a bullet
    or a number ("- log params\n- log metrics\n- serve it as REST"): one list,
    as the same items cut by commas are. (The reader ends a sentence at each
    new line, so without this a bulleted list was never read as a list, and
    its one wrong item went unseen.)"""
    tokens, text = ev.answer.tokens, ev.text
    if "\n" not in text:
        return []  # one line: most answers
    runs: list[list[int]] = []
    previous_end = -1
    for s in sorted(by_sentence):
        start = tokens[by_sentence[s][0].tokens[0]].start
        end = tokens[by_sentence[s][-1].tokens[-1]].end
        if text[start:end].isdigit():
            continue  # "2." read as a sentence of its own: the next line's marker
        line_start = text.rfind("\n", 0, start) + 1
        opening = text[max(line_start - 1, 0) : start]
        bulleted = bool(_BULLET_RE.search(opening))
        # Only a new line between the previous item's end and this bullet.
        follows = previous_end >= 0 and text[previous_end:line_start].strip() == ""
        if bulleted and follows and runs and runs[-1]:
            runs[-1].append(s)
        elif bulleted:
            runs.append([s])
        else:
            runs.append([])
        # The sentence must end its line: "- log params. They are ..." is prose;
        # a closing bracket ends it too ("- stores artifacts (model files, plots)").
        line_end = text.find("\n", end)
        rest = text[end : len(text) if line_end < 0 else line_end]
        previous_end = end + len(rest) if rest.strip(" \t.;,)]") == "" else -1
    return [run for run in runs if len(run) >= 3]


# "Jobs is like Step Functions", "it's basically the same as a DVC stage", "a
# bit like separate Git repos": an item that holds the answer up against
# another tool draws an analogy.
_LIKENED = frozenset(
    {"is", "are", "s", "basically", "kinda", "just", "much", "pretty", "bit", "little", "somewhat"}
)


def held_up_as_like(words: list[str]) -> bool:
    """Does the item liken its subject to something ("X is like Y", "same as Y"),
    or the list to what it says before ("same idea", "same thing")?"""
    if words[:1] == ["same"] and words[1:2] in (["idea"], ["thing"], ["concept"]):
        return True
    for k, word in enumerate(words[1:], 1):
        if word == "like" and words[k - 1] in _LIKENED:
            return True
        if word in ("as", "to") and words[k - 1] in ("same", "similar", "equivalent", "analogous"):
            return True
    return False


def likened(ev: Evidence, items: list[Item]) -> bool:
    """Does an item of the answer open with "like" ("Like SageMaker ...: ...")?"""
    tokens = ev.answer.tokens
    return any(tokens[i.tokens[0]].word == "like" for i in items)


def opens_bullet_line(ev: Evidence, item: Item) -> bool:
    """Does the item open its line after a bullet or a number ("- schedules
    retraining", "4. it replaces MLflow")? Such an item is added to the list as
    a line of its own, as "..., and X" adds the last item of a sentence."""
    tokens, text = ev.answer.tokens, ev.text
    start = tokens[item.tokens[0]].start
    line_start = text.rfind("\n", 0, start) + 1
    return bool(line_start) and bool(_BULLET_RE.search(text[line_start - 1 : start]))


def drop_marker(item: Item, tokens: list[Token], text: str, position_of: dict[int, int]) -> bool:
    """Take the next item's numbered marker ("2)" in "None 2) Staging") off the
    end of an item, so that its bracket reads as no code; False when the item
    is a marker alone ("1)" before the first item)."""
    last = tokens[item.tokens[-1]]
    if (last.start and not text[last.start - 1].isspace()) or not _MARKER_RE.match(
        text, last.start
    ):
        return True
    start = tokens[item.tokens[0]].start
    if text.count("(", start, last.start) > text.count(")", start, last.start):
        return True  # "(top 5)": the bracket closes the item's own
    position = position_of.get(item.tokens.pop())
    if position is not None and position in item.content:
        item.content.remove(position)
    return bool(item.tokens)


def everyday_item(ev: Evidence, considered: list[int]) -> bool:
    """Are the item's words all everyday English ("After", "then so")? A bare
    term a card has never heard of is wrong; a word every text uses is none."""
    from mlquiz.core.grading.derive.general import everyday

    tokens = ev.answer.content_tokens
    return all(everyday(tokens[p].word) for p in considered)


def odd_line(claims: Claims, items: list[Item], sentence: int) -> Item | None:
    """In a bulleted list of three lines or more whose other lines each say a key
    point, the last line, added after them, when it says none and the card
    accounts for none of its words ("- the training data, so it can be
    retrained anywhere" among what an MLflow Model holds): an extra claim, the
    list's wrong item. A line the card knows ("- the serialized model") is a
    true extra in the card's words; a story told in the first person no list."""
    lines: dict[int, list[Item]] = {}
    for item in items:
        lines.setdefault(item.sentence, []).append(item)
    if len(lines) < 3 or claims.told(sentence, False):
        return None
    last = lines[max(lines)]
    if any(claims.says_point(i) for i in last) or not opens_bullet_line(claims.ev, last[0]):
        return None
    others = [line for s, line in lines.items() if s != max(lines)]
    if sum(1 for line in others if any(claims.says_point(i) for i in line)) < 2:
        return None
    first = last[0]
    if len(claims._considered(first)) < 2 or not claims.unaccounted(first):
        return None
    return first if claims._may_be_wrong(first) else None
