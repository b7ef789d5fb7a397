"""The navigation of every page: entries declared once as data, filtered for the user who asks."""

from django.urls import reverse

# Main menu, in display order. `requires` names a boolean attribute of the user that must be true; an entry
# with `children` is a dropdown (shown when one of its children is). Later modules add their entries here.
NAVIGATION = [
    {"label": "Главная", "url": "home:home"},
    {"label": "Организации", "url": "orgs:list"},
    {"label": "Педагоги", "url": "people:list"},
    {
        "label": "Профессиональный рост",
        "children": [
            {"label": "Диагностика", "url": "diagnostics:index"},
            {"label": "Маршруты (ИОМ)", "url": "routes:index"},
            {"label": "Курсы (ДПП)", "url": "training:index"},
            {"label": "Аттестация", "url": "attestation:index", "requires": "sees_organizations"},
        ],
    },
    {
        "label": "Сообщество",
        "children": [
            {"label": "Наставничество", "url": "mentoring:index"},
            {"label": "Методические объединения", "url": "community:index"},
            {"label": "Мероприятия", "url": "events:index"},
            {"label": "Конкурсы", "url": "competitions:index"},
            {"label": "Лучшие практики", "url": "practices:index"},
            {"label": "Экспертиза и активность", "url": "activities:index"},
        ],
    },
    {
        "label": "Сопровождение",
        "children": [
            {"label": "Запросы и консультации", "url": "consultations:index"},
            {"label": "Банк затруднений", "url": "difficulties:index", "requires": "sees_organizations"},
            {"label": "Анкетирование", "url": "surveys:index"},
            {"label": "Структура системы", "url": "structure:index"},
        ],
    },
    {
        "label": "Управление",
        "children": [
            {"label": "Мониторинг", "url": "monitoring:campaigns", "requires": "sees_organizations"},
            {"label": "Аналитические справки", "url": "reports:index", "requires": "sees_organizations"},
            {"label": "Кластеры ОО", "url": "clusters:index", "requires": "sees_organizations"},
            {"label": "Адресные рекомендации", "url": "recommendations:index"},
            {"label": "Решения и меры", "url": "decisions:index", "requires": "sees_organizations"},
            {"label": "Дорожные карты", "url": "roadmaps:index", "requires": "sees_organizations"},
        ],
    },
    {"label": "Импорт", "url": "imports:index", "requires": "can_edit_registry"},
]

# The user's own menu (under their name); «Выйти» is a POST form in the template, not a link.
USER_MENU = [
    {"label": "Напоминания", "url": "reminders:index"},
    {"label": "Мои задания", "url": "jobs:list"},
    {"label": "Смена пароля", "url": "accounts:password_change"},
    {"label": "API-токены", "url": "accounts:tokens"},
    {"label": "Журнал аудита", "url": "audit:entries", "requires": "is_system_admin"},
    {"label": "Администрирование", "url": "admin:index", "requires": "is_staff"},
]


def visible_entries(entries: list[dict], user, current_namespace: str = "") -> list[dict]:
    """The entries `user` may use, with their URLs and whether the current page belongs to them."""
    visible = []
    for entry in entries:
        if entry.get("requires") and not getattr(user, entry["requires"], False):
            continue
        if "children" in entry:
            children = visible_entries(entry["children"], user, current_namespace)
            if children:
                active = any(child["active"] for child in children)
                visible.append({"label": entry["label"], "children": children, "active": active})
            continue
        namespace = entry["url"].split(":")[0]
        visible.append(
            {"label": entry["label"], "href": reverse(entry["url"]), "active": namespace == current_namespace}
        )
    return visible


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
