"""Pages of long lists whose cost does not grow past a bound.

A page deep in a list is read with `OFFSET`: the database reads and sorts every row before
it. The registry's last page at 40,000 households took 128 ms (PostgreSQL, the 1,600th page)
where its 200th took 12 ms. The lists are read a page at a time with "Previous" / "Next";
nobody clicks "Next" two hundred times: past `MAX_PAGES` the list asks to search or filter
instead (the count still says how many rows match).
"""

from functools import cached_property

from django.core.paginator import Paginator

MAX_PAGES = 200


class BoundedPaginator(Paginator):
    """A paginator that serves at most `max_pages` pages; `capped`: more rows match than
    those pages show (the template says so and asks for a search or a filter)."""

    def __init__(self, object_list, per_page, *, max_pages: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = MAX_PAGES if max_pages is None else max_pages

    @cached_property
    def all_pages(self) -> int:
        return super().num_pages

    @cached_property
    def num_pages(self) -> int:
        return min(self.all_pages, self.max_pages)

    @property
    def capped(self) -> bool:
        return self.all_pages > self.max_pages


def page_of(request, object_list, per_page: int = 25, *, count: int | None = None):
    """The page of `object_list` the request asks for (`?page=`), at most the last one
    `BoundedPaginator` serves. `count`: how many rows the list holds, when the caller knows
    it without counting them (the registry, from the village tallies)."""
    paginator = BoundedPaginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    return paginator.get_page(request.GET.get("page"))
