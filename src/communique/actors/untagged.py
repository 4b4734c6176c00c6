"""Names the small model left untagged that the knowledge base knows.

The small English model misses names it has seen little, or in some sentence shapes ("said
he would meet Xi Jinping in Beijing", "aid for Kyiv"). A run of capitalised proper nouns the
knowledge base lists as a person, a country or capital, or an organisation is read as that
all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from communique.actors.knowledge import KnowledgeBase
from communique.actors.phrases import Reader

LONGEST_NAME = 4  # tokens in a full name read without NER ("Kassym-Jomart Tokayev")
LONGEST_PLACE = 3  # "Bosnia and Herzegovina" is read by NER; "Buenos Aires" is two


def _free_proper_noun(read: Reader, k: int) -> bool:
    """A capitalised proper noun outside every entity the model tagged."""
    return (
        read.doc[k].pos_ == "PROPN"
        and read.doc[k].is_title  # not "WASHINGTON" of a dateline or a shouted headline
        and k not in read.ent_at  # not the start of any entity
        and k not in read.in_other_ent
        and k not in read.person_ent_end
    )


def untagged_person_end(
    read: Reader, kb: KnowledgeBase, i: int, date: dt.date | None
) -> int | None:
    """The end of a known person's full name starting at ``i`` that NER left unlabelled."""
    doc = read.doc
    if not read.cap_word[i] or not _free_proper_noun(read, i):
        return None
    if i > 0 and doc[i - 1].pos_ == "PROPN" and read.capitalised[i - 1]:
        return None  # not the start of the run
    end = i
    while end < len(doc) and end - i < LONGEST_NAME and _free_proper_noun(read, end):
        end += 1
    if end - i < 2:
        return None  # a lone word is a surname: linked to the story's people later
    people = [a for a in kb.lookup_name(doc[i:end].text, date) if a.kind == "person"]
    return end if people else None


def untagged_country_end(read: Reader, kb: KnowledgeBase, i: int) -> int | None:
    """The end of a country's or capital's name starting at ``i`` that NER left unlabelled."""
    return _known_run_end(read, i, lambda text: kb.country_of(text) is not None)


def untagged_organisation_end(read: Reader, kb: KnowledgeBase, i: int) -> int | None:
    """The end of a known organisation's name at ``i`` that NER left unlabelled ("Ecowas
    imposed sanctions", "Nato allies")."""
    return _known_run_end(read, i, lambda text: kb.organisation(text) is not None)


def _known_run_end(read: Reader, i: int, known: Callable[[str], bool]) -> int | None:
    """The end of the longest run of free proper nouns at ``i`` that ``known`` accepts."""
    doc = read.doc
    if not read.cap_word[i]:
        return None
    for n in range(LONGEST_PLACE, 0, -1):
        end = i + n
        if end > len(doc) or not all(_free_proper_noun(read, k) for k in range(i, end)):
            continue
        if known(doc[i:end].text):
            return end
    return None
