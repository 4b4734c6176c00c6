"""dates stage: resolve each event's temporal expression against the publication date.

Pure and offline: regexes and calendar arithmetic, no ``dateparser``, never the clock.
"""

from communique.dates.grammar import find_time_expressions
from communique.dates.resolve import ResolvedDate, resolve_expression
from communique.dates.stage import date_event, date_events, implied_date

__all__ = [
    "ResolvedDate",
    "date_event",
    "date_events",
    "find_time_expressions",
    "implied_date",
    "resolve_expression",
]
