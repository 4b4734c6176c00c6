"""Pairwise scoring of happenings (make eval) and the shipped set's shape."""

from __future__ import annotations

from pathlib import Path

from communique.pipeline.happening_scoring import pairwise, read_gold

SET = Path(__file__).resolve().parents[1] / "eval" / "happenings" / "reports.jsonl"


def test_pairwise_counts_pairs_of_reports() -> None:
    gold = {"a": "g1", "b": "g1", "c": "g1", "d": "g2"}
    # a and b found together, c apart, d wrongly with c
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert pairwise(gold, predicted) == (3, 2, 1)


def test_the_set_has_ten_groups_of_several_reports_and_near_misses() -> None:
    reports = read_gold(SET)
    groups: dict[str, int] = {}
    for report in reports:
        groups[report.group] = groups.get(report.group, 0) + 1
    assert len(groups) >= 10
    assert sum(n > 1 for n in groups.values()) >= 10
    assert len({r.id for r in reports}) == len(reports)
