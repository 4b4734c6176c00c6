"""Import a PETRARCH/Phoenix ``.agents`` dictionary: generic role nouns with a sector code.

Lines look like ``FOREIGN_!MINIST! [~GOV]`` (``!NAME! = a, b`` defines a substitution macro),
``ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]`` (an irregular plural in braces) or
``FARMER [~AGR]``; ``~`` marks the code as a suffix to the nearby country's code. The sector is
the first three letters after ``~``; CAMEO religion codes become the religious sector ``REL``.
Terms the shipped ``agents.yaml`` (or an earlier line) already defines are left out, so an import
never replaces a shipped term that knows its office ("foreign minister").
"""

from __future__ import annotations

import re
from pathlib import Path

from communique.actors.knowledge import KnowledgeBase
from communique.actors.loader import SECTORS, AgentTerm
from communique.actors.petrarch_syntax import dictionary_lines, read_dictionary
from communique.actors.userfile import ImportReport
from communique.names import normalise

_RELIGION_CODES = "CHR CTH PRO ORT MOS MUS SUN SHI JEW BUD HIN JAN SIK TAO CON SHN ZRO"
# CAMEO religion codes (Christian, Catholic, ..., Zoroastrian), coded as the sector REL.
RELIGIONS = frozenset(_RELIGION_CODES.split())
# Phoenix's own codes that CAMEO spells otherwise: PPL ("men", "women") is CAMEO's civilians.
_SECTOR_ALIASES = {"PPL": "CVL"}


def read_agents(
    path: Path, shipped: KnowledgeBase, agents: dict[str, AgentTerm], report: ImportReport
) -> None:
    """Add the terms of one ``.agents`` file to ``agents`` (normalised term -> entry)."""
    macros: dict[str, list[str]] = {}
    for line in dictionary_lines(read_dictionary(path)):
        where = f"{path.name}:{line.number}"
        body = line.body.strip()
        if not body or body.startswith("<"):
            continue
        if "!" in body and "=" in body:
            marker, _, values = body.partition("=")
            macros[marker.strip().strip("!")] = [v.strip() for v in values.split(",")]
            continue
        report.entries_read += 1
        phrase, bracket, rest = body.partition("[")
        if not bracket:
            report.skip("agent without a code", where)
            continue
        code = rest.partition("]")[0].strip()
        _add_agent(phrase, code, macros, where, shipped, agents, report)


def _variants(phrase: str, macros: dict[str, list[str]]) -> list[str] | None:
    """The phrase with its macro expanded and its irregular plural; None for an unknown macro."""
    plural = re.search(r"\{([^}]*)\}", phrase)
    phrase = re.sub(r"\{[^}]*\}", "", phrase).strip()
    variants = [phrase]
    macro = re.search(r"!([A-Z]+)!", phrase)
    if macro is not None:
        if macro.group(1) not in macros:
            return None
        variants = [phrase.replace(macro.group(0), v) for v in macros[macro.group(1)]]
    if plural is not None and plural.group(1).strip():
        variants.append(plural.group(1))
    return variants


def _add_agent(
    phrase: str,
    code: str,
    macros: dict[str, list[str]],
    where: str,
    shipped: KnowledgeBase,
    agents: dict[str, AgentTerm],
    report: ImportReport,
) -> None:
    head = code.replace("~", "").upper()[:3]
    head = _SECTOR_ALIASES.get(head, head)
    sector = head if head in SECTORS else "REL" if head in RELIGIONS else None
    if sector is None:
        report.skip("agent code with an unknown sector", where)
        return
    variants = _variants(phrase, macros)
    if variants is None:
        report.skip("agent using an undefined !MACRO!", where)
        return
    terms: list[str] = []
    for variant in variants:
        term = " ".join(variant.replace("_", " ").lower().split())
        key = normalise(term)
        if not key or "!" in term:
            continue
        if (key in shipped.agents and key not in shipped.base_terms) or key in agents:
            report.notes["agent terms already defined"] += 1
            continue
        if key not in {normalise(t) for t in terms}:
            terms.append(term)
    if not terms:
        report.skip("agent term already defined", where)
        return
    agent = AgentTerm(tuple(terms), sector)
    agents.update((normalise(t), agent) for t in terms)
