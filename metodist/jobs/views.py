"""The job page with its progress bar (polled by htmx while the job runs), cancelling, and the user's jobs.

Every page starts from Job.objects.visible_to(user): another user's job is a 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import actions
from .models import Job, JobStatus

PAGE_SIZE = 50


def _job(request, pk: int) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user).select_related("created_by"), pk=pk)


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).select_related("created_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page, "jobs": [job.with_live_state() for job in page]})


@login_required
def job_detail(request, pk: int):
    job = _job(request, pk).with_live_state()
    return render(request, "jobs/job_detail.html", {"job": job, "can_cancel": job.can_cancel(request.user)})


@login_required
def job_status(request, pk: int):
    """The status block alone, which the job page reloads every second while the job runs."""
    job = _job(request, pk).with_live_state()
    return render(request, "jobs/_status.html", {"job": job, "can_cancel": job.can_cancel(request.user)})


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = _job(request, pk)
    if not job.is_active:
        return redirect(job)
    if not job.can_cancel(request.user):
        raise PermissionDenied("Отменить задание может тот, кто его запустил.")
    actions.cancel(job)
    return redirect(job)


@login_required
def job_output(request, pk: int):
    """The file a finished job produced, for whoever may see the job (its starter, a superuser)."""
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.output:
        raise Http404("У этого задания нет готового файла.")
    try:
        handle = job.output.open("rb")
    except FileNotFoundError:
        raise Http404("Файл задания удалён с сервера: запустите задание ещё раз.") from None
    return FileResponse(handle, as_attachment=True, filename=job.output_name or job.output.name)
