"""The .xlsx of a survey's results for the service, with the same suppression as the page (results.py).

An anonymous survey: the response rate, the aggregates and the texts (alphabetical, without person or
organization). A named survey adds a sheet of every answer with the educator's name.
"""

from django.utils import timezone

from metodist.lib import xlsx

from .models import Answer, QuestionKind
from .results import HIDDEN, Results


def results_xlsx(request, results: Results):
    survey = results.survey
    rate_rows = [
        (
            row.name,
            row.invited,
            "—" if row.hidden else row.responded,
            "—" if row.hidden or row.rate is None else float(row.rate),
        )
        for row in results.rates
    ]
    rate_rows.append(
        ("Всего", results.invited, results.responded, float(results.rate) if results.rate is not None else "—")
    )
    sheets = [
        xlsx.Sheet(
            "Отклик", ["Организация", "Приглашено", "Ответили", "Доля ответивших, %"], rate_rows, (50, 14, 14, 18)
        ),
        xlsx.Sheet(
            "Результаты",
            ["Вопрос", "Вариант или значение", "Ответов", "Доля, %"],
            _aggregates(results),
            (60, 50, 12, 12),
        ),
        xlsx.Sheet(
            "По организациям",
            ["Вопрос", "Организация", "Ответили на вопрос", "Показатель"],
            _by_org(results),
            (60, 40, 14, 50),
        ),
        xlsx.Sheet(
            "Свободные ответы",
            ["Вопрос", "Ответ", "Кто"] if not survey.anonymous else ["Вопрос", "Ответ"],
            _texts(results),
            (50, 80, 40),
        ),
    ]
    if not survey.anonymous:
        sheets.append(
            xlsx.Sheet(
                "Ответы по педагогам",
                ["Педагог", "Организация", "Дата ответа", "Вопрос", "Ответ"],
                _named(survey),
                (35, 35, 14, 50, 50),
            )
        )
    kind = "анонимный" if survey.anonymous else "именной"
    made = xlsx.Export.by(
        request.user,
        title=f"Результаты анкетирования «{survey.title}» ({kind})",
        filters="",
        place=str(survey.municipality),
    )
    content = xlsx.export_bytes(made, sheets)
    response = xlsx.xlsx_response(content, xlsx.export_filename("Анкетирование", made.place, timezone.localdate()))
    response["Cache-Control"] = "no-store"
    return response


def _aggregates(results: Results):
    for item in results.questions:
        text = item.question.text
        if item.hidden:
            yield (text, HIDDEN, "—", "—")
        elif item.question.is_choice:
            for option, count, share in item.options:
                yield (text, option.text, count, float(share) if share is not None else "—")
        elif item.question.kind == QuestionKind.SCALE:
            for value, count, share in item.values:
                yield (text, str(value), count, float(share) if share is not None else "—")
            yield (text, "Среднее значение", item.answered, float(item.mean) if item.mean is not None else "—")
        else:
            yield (text, "Свободных ответов", item.answered, "—")


def _by_org(results: Results):
    for item in results.questions:
        options = [option for option, _, _ in item.options]
        for row in item.by_organization:
            if row.hidden:
                yield (item.question.text, row.name, "—", HIDDEN)
            elif item.question.is_choice:
                shares = "; ".join(
                    f"{option.text}: {share} %" for option, share in zip(options, row.shares, strict=True)
                )
                yield (item.question.text, row.name, row.answered, shares)
            else:
                yield (item.question.text, row.name, row.answered, f"среднее {row.mean}")


def _texts(results: Results):
    for item in results.questions:
        for row in item.texts:
            yield (item.question.text, row.text, row.who) if row.who else (item.question.text, row.text)


def _named(survey):
    answers = (
        Answer.objects.filter(response__survey=survey, response__educator__isnull=False)
        .select_related("response__educator", "response__organization", "question", "option")
        .order_by(
            "response__educator__last_name", "response__educator__first_name", "response_id", "question__order", "pk"
        )
    )
    for answer in answers:
        response = answer.response
        shown = answer.option.text if answer.option_id else answer.value if answer.value is not None else answer.text
        yield (
            response.educator.full_name,
            str(response.organization),
            response.submitted_on,
            answer.question.text,
            shown,
        )
