import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from metodist.jobs import actions as jobs
from metodist.lib.docx import docx_response
from metodist.lib.versions import CONFLICT, EditConflict, VersionForm
from metodist.monitoring.lifecycle import official_snapshot
from metodist.monitoring.models import Campaign
from metodist.orgs.models import Municipality

from . import actions, document
from .forms import ReopenForm, SentenceForm
from .models import AnalyticReport, Sentence, sees_reports


def _report(request, pk: int) -> AnalyticReport:
    scoped = AnalyticReport.objects.in_scope(request.user).select_related(
        "campaign__catalogue", "campaign__region", "municipality", "snapshot", "approved_by", "generated_by"
    )
    return get_object_or_404(scoped, pk=pk)


def _sentence(request, pk: int) -> Sentence:
    reports = AnalyticReport.objects.in_scope(request.user).values("pk")
    return get_object_or_404(Sentence.objects.filter(report__in=reports).select_related("report__campaign"), pk=pk)


def _require(report: AnalyticReport, user) -> None:
    if not actions.can_manage(user, report.campaign, report.municipality):
        raise PermissionDenied("Справку редактируют и утверждают координатор и методисты муниципалитета.")


@login_required
def index(request):
    reports = AnalyticReport.objects.in_scope(request.user).select_related("campaign", "municipality", "approved_by")
    made = set(reports.values_list("campaign_id", flat=True))
    campaigns = []
    if sees_reports(request.user):
        for campaign in Campaign.objects.in_scope(request.user).select_related("municipality").order_by("-period_end"):
            if campaign.pk in made:
                continue
            territory = campaign.municipality or _own_municipality(request.user, campaign)
            campaigns.append({
                "campaign": campaign,
                "approved": official_snapshot(campaign) is not None,
                "can_generate": actions.can_manage(request.user, campaign, territory),
                "municipality": territory,
            })  # fmt: skip
    return render(request, "reports/index.html", {"reports": reports, "campaigns": campaigns})


def _own_municipality(user, campaign) -> Municipality | None:
    """The municipality a coordinator's report of a regional campaign is about: their own."""
    if user.municipality_id and user.municipality.region_id == campaign.region_id:
        return user.municipality
    return None


@login_required
@require_POST
def generate(request):
    campaign = get_object_or_404(Campaign.objects.in_scope(request.user), pk=request.POST.get("campaign") or 0)
    municipality = None
    if request.POST.get("municipality"):
        municipality = get_object_or_404(campaign.municipalities(), pk=request.POST["municipality"])
    try:
        report = actions.generate(campaign, municipality, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:index")
    messages.success(request, "Справка сформирована по утверждённым результатам.")
    return redirect("reports:detail", pk=report.pk)


@login_required
def detail(request, pk: int):
    report = _report(request, pk)
    sentences = list(report.sentences.all())
    sections: dict[str, dict] = {}
    for sentence in sentences:
        section = sections.setdefault(
            sentence.section, {"title": sentence.section_title, "number": sentence.section_order, "sentences": []}
        )
        sentence.diff = word_diff(sentence.generated, sentence.edited) if sentence.is_edited else []
        section["sentences"].append(sentence)
    context = {
        "report": report,
        "sections": list(sections.values()),
        "can_manage": actions.can_manage(request.user, report.campaign, report.municipality),
        "flagged": sum(sentence.numbers_changed for sentence in sentences),
        "edited": sum(sentence.is_edited for sentence in sentences),
        "stale": official_snapshot(report.campaign) != report.snapshot,
        "reopen_form": ReopenForm(),
    }
    return render(request, "reports/detail.html", context)


def word_diff(generated: str, edited: str) -> list[tuple[str, str]]:
    """(kind, words) of the edit against the generated wording: kind «same», «del» or «ins»."""
    old, new = generated.split(), edited.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("ins", " ".join(new[j1:j2])))
    return parts


@login_required
def sentence_edit(request, pk: int):
    sentence = _sentence(request, pk)
    report = sentence.report
    _require(report, request.user)
    if report.is_approved:
        messages.error(request, "Справка утверждена и не редактируется: сначала верните её в работу.")
        return redirect("reports:detail", pk=report.pk)
    data = request.POST or None
    form = SentenceForm(data, initial={"text": sentence.text})
    lock = VersionForm.of(sentence.version, actions.sentence_state(sentence), data)
    conflict = None
    if request.method == "POST" and form.is_valid() and lock.is_valid():
        try:
            actions.edit(sentence, form.cleaned_data["text"], by=request.user, lock=lock)
        except EditConflict as refused:
            lock = VersionForm(lock.refreshed(data, refused), prefix="lock")
            conflict = {"message": CONFLICT, "lines": refused.changed()}
            sentence.refresh_from_db()
        else:
            messages.success(request, "Предложение исправлено; сформированный текст сохранён рядом с правкой.")
            return redirect(f"{report.get_absolute_url()}#s{sentence.pk}")
    context = {"sentence": sentence, "report": report, "form": form, "lock": lock, "conflict": conflict}
    return render(request, "reports/sentence_form.html", context)


@login_required
@require_POST
def sentence_settle(request, pk: int):
    sentence = _sentence(request, pk)
    report = sentence.report
    _require(report, request.user)
    keep = request.POST.get("choice") == "keep"
    try:
        actions.settle(sentence, keep_edit=keep, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Правка оставлена при новых числах." if keep else "Принята новая формулировка.")
    return redirect(f"{report.get_absolute_url()}#s{sentence.pk}")


def _report_action(request, pk: int, action, done: str, **kwargs):
    report = _report(request, pk)
    _require(report, request.user)
    try:
        action(report, by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def regenerate(request, pk: int):
    return _report_action(request, pk, actions.regenerate, "Справка пересформирована по утверждённым результатам.")


@login_required
@require_POST
def approve(request, pk: int):
    return _report_action(request, pk, actions.approve, "Справка утверждена.")


@login_required
@require_POST
def reopen(request, pk: int):
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите причину возврата справки в работу.")
        return redirect("reports:detail", pk=pk)
    return _report_action(
        request, pk, actions.reopen, "Справка возвращена в работу.", reason=form.cleaned_data["reason"]
    )


@login_required
def download_docx(request, pk: int):
    report = _report(request, pk)
    return docx_response(document.build_docx(report), document.filename(report, "docx"))


@login_required
@require_POST
def start_pdf(request, pk: int):
    report = _report(request, pk)
    job = jobs.start("reports.pdf", by=request.user, key=f"report-{report.pk}", report=report.pk)
    return redirect(job)
