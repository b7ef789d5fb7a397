from django import template

register = template.Library()

TONES = {"queued": "secondary", "running": "primary", "done": "success", "failed": "danger", "cancelled": "secondary"}


@register.filter
def duration(value) -> str:
    """A timedelta as «2 ч 05 мин», «3 мин 07 с», «12 с»."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} ч {minutes:02d} мин"
    if minutes:
        return f"{minutes} мин {seconds:02d} с"
    return f"{seconds} с"


@register.filter
def status_tone(status: str) -> str:
    """The Bootstrap colour of a job's status badge."""
    return TONES.get(status, "secondary")
