"""The reminders' counter of the navbar: `{% load reminders %}{% reminders_badge %}`.

Computed once per request (the reminders page reuses it), from the sources of the kinds the user shows in the
interface; a failure is logged and shows no counter, never an error page.
"""

from django import template

from ..current import for_request, log_failure

register = template.Library()


@register.inclusion_tag("reminders/_badge.html", takes_context=True)
def reminders_badge(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"count": 0}
    try:
        found = for_request(request)
    except Exception as error:  # noqa: BLE001 (the counter must never break a page)
        log_failure("navbar counter", error)
        return {"count": 0}
    return {"count": sum(len(reminders) for reminders in found.values())}
