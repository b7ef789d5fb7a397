"""The module's reminders (metodist/reminders/sources.py): open surveys the user has not answered yet."""

from django.urls import reverse

from .cabinet import waiting


def due(user, today):
    from metodist.reminders.sources import Reminder

    if not user.educator_id:
        return []
    reminders = []
    for survey in waiting(user, today):
        text = f"Анкета «{survey.title}»" + (" (анонимная)" if survey.anonymous else "")
        url = reverse("surveys:answer", args=[survey.pk])
        key = f"{survey.pk}:{survey.deadline.isoformat() if survey.deadline else ''}"
        reminders.append(Reminder("surveys", key, text, url, survey.deadline, False))
    return reminders
