"""Bulk reads of personal data through the API, recorded in the audit trail (152-ФЗ): one entry per request
with who, the filter, the page and how many — never whom. A search text is recorded as what it searched by,
since it may be a person's name or SNILS."""

from functools import wraps

from metodist.audit.actions import record_read
from metodist.lib.snils import SNILS_DIGITS, normalize_snils


def _search(text: str) -> str:
    return "(поиск по СНИЛС)" if len(normalize_snils(text)) == SNILS_DIGITS else "(поиск по ФИО)"


def recorded(model, what: str):
    """Records the list returned by a paginated endpoint (applied above `@paginated`, which it reads)."""

    def decorate(func):
        @wraps(func)
        def view(request, **kwargs):
            result = func(request, **kwargs)
            filters = kwargs["filters"].model_dump(mode="json", exclude_none=True, exclude_defaults=True)
            if "q" in filters:
                filters["q"] = _search(filters["q"])
            page = kwargs["ninja_pagination"].page
            count, shown = result["count"], len(result["items"])
            summary = f"API: {what}, страница {page}: {shown} из {count}"
            record_read(
                request.auth, model, summary, {"filters": filters, "page": page, "count": count, "shown": shown}
            )
            return result

        return view

    return decorate
