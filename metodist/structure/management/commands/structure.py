"""`manage.py structure load --municipality ID [--template seed-003]`: loads a template of the structure into a
municipality. Rerun-safe: the bodies already loaded (matched by their template key) are kept as they are."""

from django.core.management.base import BaseCommand, CommandError

from metodist.orgs.models import Municipality
from metodist.structure import actions, template


class Command(BaseCommand):
    help = "Структура муниципальной системы: загрузка шаблона (таблица 1 положения 003) в муниципалитет."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        load = commands.add_parser("load", help="создать субъекты системы муниципалитета по шаблону")
        load.add_argument("--municipality", type=int, required=True, help="id муниципалитета")
        load.add_argument("--template", default=template.DEFAULT, help=f"шаблон (по умолчанию {template.DEFAULT})")

    def handle(self, *args, command, municipality, template, **options):
        place = Municipality.objects.filter(pk=municipality).first()
        if place is None:
            raise CommandError(f"Нет муниципалитета с id {municipality}.")
        try:
            created, kept = actions.load_template(place, template)
        except actions.template.TemplateError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{place}: создано субъектов {created}, уже были {kept}.")
