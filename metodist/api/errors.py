"""The error answers of the API in Russian: which parameter is wrong and why, in the shape of `Errors`.

pydantic names its checks by a stable `type`; each known type has its Russian sentence here, with the
numbers and choices of the check put in. A check of this API (schemas.RUSSIAN) already speaks Russian.
"""

from ninja.errors import ValidationError

from .schemas import RUSSIAN

MESSAGES = {
    "int_parsing": "Нужно целое число.",
    "int_from_float": "Нужно целое число.",
    "int_type": "Нужно целое число.",
    "bool_parsing": "Нужно значение true или false.",
    "bool_type": "Нужно значение true или false.",
    "less_than_equal": "Число должно быть не больше {le}.",
    "greater_than_equal": "Число должно быть не меньше {ge}.",
    "enum": "Допустимые значения: {expected}.",
    "literal_error": "Допустимые значения: {expected}.",
    "string_too_long": "Не длиннее {max_length} символов.",
    "string_type": "Нужна строка.",
    "missing": "Обязательный параметр.",
    "json_invalid": "Тело запроса — не JSON.",
    "model_attributes_type": "Нужен объект JSON.",
    "dict_type": "Нужен объект JSON.",
    "list_type": "Нужен список.",
}
SOURCES = {"query", "path", "body", "form", "header", "cookie"}


def _choices(text: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "a, b, c"."""
    return text.replace("'", "").replace(" or ", ", ")


def message(error: dict) -> str:
    if error["type"] == RUSSIAN:
        return error["msg"]
    context = {key: _choices(str(value)) for key, value in (error.get("ctx") or {}).items()}
    return MESSAGES.get(error["type"], "Неверное значение.").format(**context)


def name(location: tuple, body_param: str | None) -> str:
    """The parameter's name as the caller wrote it: without the source ("query") and the body's own name;
    an item of a list is its parameter."""
    parts = [str(part) for part in location if not isinstance(part, int)]
    if parts and parts[0] in SOURCES:
        parts = parts[1:]
    if parts and parts[0] == body_param:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def as_errors(exc: ValidationError, body_param: str | None = "payload") -> dict:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        messages = errors.setdefault(name(tuple(error.get("loc", ())), body_param), [])
        if (text := message(error)) not in messages:
            messages.append(text)
    detail = f"Неверные параметры запроса: {', '.join(errors)}."
    return {"detail": detail, "errors": errors}
