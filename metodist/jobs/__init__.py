"""Background jobs: long imports and computations run by a worker process, with a page that shows their progress.

A handler is registered with metodist.jobs.registry.handler in an app's jobs.py and started with
metodist.jobs.actions.start; the queue is django-tasks' database backend (`manage.py db_worker`).
"""


class Cancelled(Exception):  # noqa: N818 (the job was cancelled: it is no error)
    """Raised by Job.check_cancelled when the user asked to cancel: the job ends «Отменено» and its
    transaction rolls back."""


class JobFailed(Exception):  # noqa: N818 (the name the handlers read best: raise JobFailed("…"))
    """Raised by a handler with a Russian message for the user: the job ends with that message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def uploaded(found, pk: int):
    """The uploaded file `pk` among `found` (the user's scoped files), or the job fails with a Russian message:
    between the click and the worker the file may have been deleted, or the job started by someone else."""
    item = found.filter(pk=pk).first()
    if item is None:
        raise JobFailed("Файл не найден: он удалён или загружен другим пользователем.")
    return item
