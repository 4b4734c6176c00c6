"""`make bench`: actor resolution speed against a knowledge base of 50,000 people.

Generates 50,000 synthetic people with random names and dated roles as a user file in a
temporary folder, lays it over the shipped base, then times, on one core, the look-ups of a
realistic mention mix: full names, aliases, surnames, titles ("the Chinese foreign minister")
and unknown names. Prints mentions per second for ``KnowledgeBase.lookup_name`` (a name or alias
as of a date) and for ``resolve_text`` (the same, falling back to surnames, titles and country
words, as ``communique actors resolve`` does). The target is over 20,000 mentions per second.
Also times loading the shipped event patterns with PETRARCH-2's imported verbs (target: under
a second).
A benchmark, not a test: figures on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from communique.actors import load_knowledge_base
from communique.actors.loader import Entries, Person, Role
from communique.actors.query import resolve_text
from communique.actors.userfile import write_user_file
from communique.events.patterns import load_patterns

TARGET = 20_000  # mentions per second
_ONSET_TEXT = "b c d f g h j k l m n p r s t v w z br ch dr gr kr pr sh st th tr"
_VOWEL_TEXT = "a e i o u ai ao ei ia io ou"
_ONSETS, _VOWELS = _ONSET_TEXT.split(), _VOWEL_TEXT.split()
_CODAS = ["", "", "n", "r", "s", "l", "ng", "k"]
_TITLES = [
    ("Foreign Minister", "foreign_minister"),
    ("Minister of Defence", "defence_minister"),
    ("Member of Parliament", "other"),
    ("Governor", "other"),
    ("Ambassador", "other"),
]


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)]
    parts += [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables - 1)]
    return "".join(parts).capitalize()


def synthetic_people(n: int, countries: list[str], seed: int = 7) -> list[Person]:
    """``n`` people with unique random names and one to three dated roles each."""
    rng = random.Random(seed)
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < n:
        name = f"{_word(rng, rng.randint(1, 2))} {_word(rng, rng.randint(2, 3))}"
        if name in seen:
            continue
        seen.add(name)
        country = rng.choice(countries)
        roles = []
        start = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12_000))
        for _ in range(rng.randint(1, 3)):
            # one role in fifty is a national office with a single holder at a time, as in
            # real data; the rest are offices with many holders ("Member of Parliament")
            title, office = rng.choice(_TITLES[:2] if rng.random() < 0.02 else _TITLES[2:])
            end = start + dt.timedelta(days=rng.randrange(200, 2_500))
            sector = "LEG" if title == "Member of Parliament" else "GOV"
            roles.append(Role(country, sector, title, office, start, end))
            start = end
        people.append(Person(f"cq:person:bench-{len(people)}", name, (), tuple(roles)))
    return people


def mention_mix(people: list[Person], size: int, seed: int = 11) -> list[tuple[str, dt.date]]:
    """Full names 40%, surnames 25%, titles 15%, unknown names 10%, aliases/shipped 10%."""
    rng = random.Random(seed)
    shipped = ["Xi Jinping", "Antony Blinken", "Wang Yi", "Vladimir Putin", "Beijing", "NATO"]
    titles = [
        "the Chinese foreign minister",
        "the Russian president",
        "French defence minister",
        "US secretary of state",
        "Indian police",
    ]
    mix: list[tuple[str, dt.date]] = []
    for _ in range(size):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9_000))
        draw = rng.random()
        person = rng.choice(people)
        if draw < 0.40:
            text = person.name
        elif draw < 0.65:
            text = person.name.split()[-1]
        elif draw < 0.80:
            text = rng.choice(titles)
        elif draw < 0.90:
            text = f"{_word(rng, 2)} {_word(rng, 4)}x"  # nobody is called that
        else:
            text = rng.choice(shipped)
        mix.append((text, day))
    return mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--mentions", type=int, default=200_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    started = time.perf_counter()
    patterns = load_patterns()
    verdict = "ok" if time.perf_counter() - started < 1.0 else "ABOVE the 1 s target"
    print(
        f"event patterns: {len(patterns.patterns):,} loaded in "
        f"{time.perf_counter() - started:.2f} s ({verdict})"
    )
    shipped = load_knowledge_base()
    people = synthetic_people(args.people, sorted(c for c in shipped.countries))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-actors.yaml"
        write_user_file(path, Entries(people=tuple(people)), ["synthetic people for bench"])
        started = time.perf_counter()
        kb = load_knowledge_base([path])
        load_s = time.perf_counter() - started
    print(f"knowledge base: {len(kb.people):,} people, loaded in {load_s:.1f} s")
    mentions = mention_mix(people, args.mentions)
    for label, resolve in (
        ("lookup_name", kb.lookup_name),
        ("resolve_text", lambda text, day: resolve_text(kb, text, day)),
    ):
        # CPU time of this process: on a shared machine, wall time also counts other jobs
        started, wall = time.process_time(), time.perf_counter()
        for text, day in mentions:
            resolve(text, day)
        rate = len(mentions) / (time.process_time() - started)
        wall_rate = len(mentions) / (time.perf_counter() - wall)
        verdict = "ok" if rate > TARGET else f"BELOW the {TARGET:,}/s target"
        print(
            f"{label:>13}: {rate:,.0f} mentions/s of CPU time on one core ({verdict}); "
            f"{wall_rate:,.0f}/s wall clock"
        )


if __name__ == "__main__":
    main()
