from django.apps import AppConfig


class AttestationConfig(AppConfig):
    name = "metodist.attestation"
    verbose_name = "Аттестация"
