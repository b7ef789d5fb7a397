"""The navigation of every page: entries declared once as data, filtered for the user who asks."""

from django.urls import reverse

# Main menu, in display order. `requires` names a boolean attribute of the user that must be true;
# later modules add their entries here.
NAVIGATION = [
    {"label": "Главная", "url": "home:home"},
    {"label": "Организации", "url": "orgs:list"},
    {"label": "Педагоги", "url": "people:list"},
    {"label": "Диагностика", "url": "diagnostics:index"},
    {"label": "Маршруты", "url": "routes:index"},
    {"label": "Курсы", "url": "training:index"},
    {"label": "Аттестация", "url": "attestation:index", "requires": "sees_organizations"},
    {"label": "Мониторинг", "url": "monitoring:campaigns", "requires": "sees_organizations"},
    {"label": "Импорт", "url": "imports:index", "requires": "can_edit_registry"},
]

# The user's own menu (under their name); «Выйти» is a POST form in the template, not a link.
USER_MENU = [
    {"label": "Мои задания", "url": "jobs:list"},
    {"label": "Смена пароля", "url": "accounts:password_change"},
    {"label": "API-токены", "url": "accounts:tokens"},
    {"label": "Журнал аудита", "url": "audit:entries", "requires": "is_system_admin"},
    {"label": "Администрирование", "url": "admin:index", "requires": "is_staff"},
]


def visible_entries(entries: list[dict], user, current_namespace: str = "") -> list[dict]:
    """The entries `user` may use, with their URLs and whether the current page belongs to them."""
    return [
        {
            "label": entry["label"],
            "href": reverse(entry["url"]),
            "active": entry["url"].split(":")[0] == current_namespace,
        }
        for entry in entries
        if not entry.get("requires") or getattr(user, entry["requires"], False)
    ]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    return {
        "navigation": visible_entries(NAVIGATION, user, namespace),
        "user_menu": visible_entries(USER_MENU, user, namespace),
    }
