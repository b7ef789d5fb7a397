"""Indicator predicates of the associations module (see metodist/lib/predicates.py).

`association_member` (educators): a member of an association of the kind (and theme) on at least one day of
the period — a membership overlapping ctx.start..ctx.on — of an association of ctx.region when it is set.
Declared in metodist/monitoring/vocabulary.py PENDING with the same `kind` parameter; the `network` kind and
the optional `theme` are added here.

`association_exists` (municipalities): the municipality has an association of the kind (or on the theme) that
worked in the period — founded by its end, not closed before its start — and had a member in the period.

The module counts as recorded for a period when the region has a membership overlapping it.
"""

from django.db.models import Q

from metodist.lib.predicates import EDUCATORS, MUNICIPALITIES, Context, Param, Predicate, register

from .models import FUNCTIONAL_LITERACY, Association, AssociationKind, Membership

# The module's own name: «Методические объединения» of PENDING also names the `expert` predicate of another
# module, and one name has one «recorded» check.
MODULE = "Методические объединения и сообщества"

# The kinds a `kind` parameter names. Seed 000 (2.9) reads «сетевые сообщества (методические объединения,
# профессиональные сообщества)» — every association, so it uses `any`; `network` is the network community alone.
KIND_GROUPS = {
    "any": tuple(AssociationKind.values),
    "young": (AssociationKind.YOUNG, AssociationKind.REGIONAL_YOUNG),
    "mentors": (AssociationKind.MENTORS,),
    "regional_association": (AssociationKind.REGIONAL_YOUNG,),
    "network": (AssociationKind.NETWORK,),
}
KIND_DOC = (
    "any — любое объединение или сообщество (не задан — тоже), young — молодых педагогов (в том числе "
    "региональная ассоциация), mentors — наставников, regional_association — региональная ассоциация молодых "
    "педагогов, network — сетевое сообщество"
)
# theme → what the association's theme contains (case-insensitive)
THEMES = {"functional_literacy": FUNCTIONAL_LITERACY}
THEME_DOC = "functional_literacy — тема объединения: формирование функциональной грамотности"
PARAMS = {
    "kind": Param(tuple(KIND_GROUPS), required=False, doc=KIND_DOC),
    "theme": Param(tuple(THEMES), required=False, doc=THEME_DOC),
}


def _member(ctx: Context, params: dict) -> Q:
    memberships = Membership.objects.during(ctx.start, ctx.on).filter(
        association__kind__in=KIND_GROUPS[params.get("kind", "any")]
    )
    if "theme" in params:
        memberships = memberships.filter(association__theme__icontains=THEMES[params["theme"]])
    if ctx.region:
        memberships = memberships.filter(association__region_id=ctx.region)
    return Q(pk__in=memberships.values("educator_id"))


def _exists(ctx: Context, params: dict) -> Q:
    worked = Association.objects.filter(founded_on__lte=ctx.on, municipality__isnull=False).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=ctx.start)
    )
    worked = worked.filter(kind__in=KIND_GROUPS[params.get("kind", "any")])
    if "theme" in params:
        worked = worked.filter(theme__icontains=THEMES[params["theme"]])
    if ctx.region:
        worked = worked.filter(region_id=ctx.region)
    with_members = Membership.objects.during(ctx.start, ctx.on).values("association_id")
    return Q(pk__in=worked.filter(pk__in=with_members).values("municipality_id"))


PREDICATES = {
    "association_member": Predicate(
        EDUCATORS,
        "член методического объединения (профессионального сообщества)",
        PARAMS,
        build=_member,
    ),
    "association_exists": Predicate(
        MUNICIPALITIES,
        "в муниципалитете работало методическое объединение (сообщество) данного вида или темы, и в нём были члены",
        PARAMS,
        build=_exists,
    ),
}


def _recorded(ctx: Context) -> bool:
    """A membership of the region's associations overlapping the period."""
    memberships = Membership.objects.during(ctx.start, ctx.on)
    return (memberships.filter(association__region_id=ctx.region) if ctx.region else memberships).exists()


register(MODULE, PREDICATES, recorded=_recorded)
