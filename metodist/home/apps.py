from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The start page of each role and the site shell (navigation, shared form partials, template tags)."""

    name = "metodist.home"
    verbose_name = "Главная страница"

    def ready(self):
        from metodist.facts.signals import registry_changed

        # Registers the deployment check that the static files are collected (`manage.py check --deploy`).
        from metodist.lib import serving  # noqa: F401

        from .models import CachedCounts

        registry_changed.connect(CachedCounts.objects.mark_stale, dispatch_uid="home-counts-stale")
