from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "metodist.jobs"
    verbose_name = "Фоновые задания"

    def ready(self):
        # Every app's jobs.py registers its handlers (metodist/jobs/registry.py).
        autodiscover_modules("jobs")
