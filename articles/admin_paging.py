"""A paginator for the admin's long lists that never counts a huge set exactly.

Django's admin counts the list on every page (COUNT(*) over every article that passes the
filters): 100 ms and more at a million rows, most of each page's time. This one counts up to
EXACT_UP_TO rows (a bounded query, the same cost at any size); beyond that it takes PostgreSQL's
planner estimate of the whole list and says "about". SQLite, without a planner estimate to
ask, says "more than EXACT_UP_TO" and links the pages it counted.
"""

import json
from typing import cast

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property

EXACT_UP_TO = 1_000


class EstimatingPaginator(Paginator):
    exact = True  # whether `count` is the exact number of rows

    @cached_property
    def count(self) -> int:
        # Unordered: any EXACT_UP_TO + 1 rows will do, and the database may stop at them.
        counted = self._queryset().order_by()[: EXACT_UP_TO + 1].count()
        if counted <= EXACT_UP_TO:
            return counted
        self.exact = False
        return max(counted, self._estimate())

    @property
    def count_label(self) -> str:
        """The count as the list shows it: "1,234", "about 1,000,000" or "more than 10,000"."""
        shown = number_format(self.count, force_grouping=True)
        if self.exact:
            return shown
        if self.count > EXACT_UP_TO + 1:
            return f"about {shown}"
        return f"more than {number_format(EXACT_UP_TO, force_grouping=True)}"

    def _queryset(self) -> QuerySet:
        return cast(QuerySet, self.object_list)  # the admin pages querysets only

    def _estimate(self) -> int:
        queryset = self._queryset()
        if connections[queryset.db].vendor != "postgresql":
            return 0
        plan = json.loads(queryset.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
