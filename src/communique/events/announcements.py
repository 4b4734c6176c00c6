"""Announced acts: "X will meet Y" is itself an event, the agreement or threat it states.

PLOVER codes a stated intention by what it commits to (announcements.tsv): a cooperative
act to come is AGREE (CAMEO 03x), a hostile one THREATEN (13x), a refusal REJECT (12x).
The announced act's own type is kept in ``Event.intended``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from communique.events.ontology import Ontology
from communique.records import Event

if TYPE_CHECKING:
    from spacy.tokens import Token

# How far up the parse an announced act may sit below the verb that states it:
# "agreed to keep talking" (talking → keep → agreed) is two steps.
_GOVERNOR_STEPS = 3


def as_announcement(event: Event, ontology: Ontology) -> Event:
    """An announced act is itself an event, coded as PLOVER codes it (announcements.tsv).

    "X will meet Y" is AGREE (CAMEO 036), "X will strike Y" THREATEN (1384) and "X will not
    lift the embargo" REJECT (1244), each dated when it was said; the announced act's type is
    kept in ``intended``. Hypothetical and unannounced future acts stay as they are.
    """
    if not event.future or event.hypothetical:
        return event
    code = ontology.refusal(event.cameo) if event.negated else ontology.intent(event.cameo)
    if code is None or code.plover is None:
        return event
    return replace(
        event,
        event=code.plover,
        mode=code.mode,
        cameo=code.code,
        goldstein=code.goldstein,
        quad_code=code.quad_class,
        negated=False,
        future=False,
        intended=event.event,
        # the time words date the announced act, not the announcement
        time_text=None,
    )


def fold_agreed_acts(told: Sequence[tuple[Event, Token]]) -> list[tuple[Event, Token]]:
    """One agreement per "X agreed to do Y": the agreeing verb keeps Y as its ``intended`` act.

    The act under "agreed" is announced too, so without this each such sentence would
    give two AGREE events for one agreement. Each event comes with the word that tells it.
    """
    agreement_at = {
        word.i: n
        for n, (event, word) in enumerate(told)
        if event.event == "AGREE" and event.intended is None
    }
    folded: dict[int, str] = {}
    dropped: set[int] = set()
    for n, (event, word) in enumerate(told):
        if event.intended is None or event.event != "AGREE":
            continue
        governor = word
        for _ in range(_GOVERNOR_STEPS):
            if governor.head is governor:
                break
            governor = governor.head
            if governor.i in agreement_at:
                folded.setdefault(agreement_at[governor.i], event.intended)
                dropped.add(n)
                break
    return [
        (replace(event, intended=folded[n]), word) if n in folded else (event, word)
        for n, (event, word) in enumerate(told)
        if n not in dropped
    ]
