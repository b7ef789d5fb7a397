"""The consultations' part of the indicator predicates (metodist/lib/predicates.py): an educator had targeted
support of the methodological service in the reporting period start..on when they took part in a consultation
held then, or a request of theirs was answered (help given) then. Mentoring's `targeted_support` ORs this in.
Every subquery is bounded by the campaign's region (`ctx.region`)."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from metodist.lib.predicates import Context

from .models import Consultation, HelpRequest


def _held(ctx: Context):
    held = Consultation.objects.filter(held_on__gte=ctx.start, held_on__lte=ctx.on)
    return held.filter(region_id=ctx.region) if ctx.region else held


def _done(ctx: Context):
    zone = timezone.get_current_timezone()
    since = datetime.combine(ctx.start, time.min, tzinfo=zone)
    until = datetime.combine(ctx.on + timedelta(days=1), time.min, tzinfo=zone)
    done = HelpRequest.objects.filter(done_at__gte=since, done_at__lt=until)
    return done.filter(region_id=ctx.region) if ctx.region else done


def recorded(ctx: Context) -> bool:
    """The service recorded its help in the region in the period: a consultation held or a request answered."""
    return _held(ctx).exists() or _done(ctx).exists()


def consulted(ctx: Context) -> Q:
    """Educators (the Educator queryset's filter) consulted in the period."""
    held, done = _held(ctx), _done(ctx).filter(educator__isnull=False)
    participants = Consultation.participants.through.objects.filter(consultation_id__in=held.values("pk"))
    return Q(pk__in=participants.values("educator_id")) | Q(pk__in=done.values("educator_id"))
