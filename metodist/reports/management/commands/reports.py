"""manage.py reports build --campaign ID [--municipality ID] --format docx|pdf --out FILE"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from metodist.lib.pdf import PdfUnavailable
from metodist.monitoring.models import Campaign
from metodist.orgs.models import Municipality
from metodist.reports import actions, document
from metodist.reports.models import AnalyticReport


class Command(BaseCommand):
    help = "Аналитические справки по утверждённым результатам мониторинга."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="записать справку кампании в файл (черновик формируется, если его нет)")
        build.add_argument("--campaign", type=int, required=True, help="номер кампании мониторинга")
        build.add_argument("--municipality", type=int, help="муниципалитет региональной кампании (без него — регион)")
        build.add_argument("--format", choices=["docx", "pdf"], required=True)
        build.add_argument("--out", required=True, help="файл, в который записать справку")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_build(self, campaign, municipality, format, out, **options):
        found = Campaign.objects.filter(pk=campaign).select_related("catalogue", "municipality").first()
        if found is None:
            raise CommandError(f"Кампании мониторинга № {campaign} нет.")
        territory = None
        if municipality is not None:
            territory = Municipality.objects.filter(pk=municipality).first()
            if territory is None:
                raise CommandError(f"Муниципалитета № {municipality} нет.")
        try:
            territory = actions.report_territory(found, territory)
            report = AnalyticReport.objects.filter(campaign=found, municipality=territory).first()
            if report is None:
                report = actions.generate(found, territory, by=None)
                self.stderr.write(f"Сформирован черновик справки: {report}")
            content = document.build_pdf(report) if format == "pdf" else document.build_docx(report)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PdfUnavailable as error:
            raise CommandError(str(error)) from error
        path = Path(out)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Не удалось записать файл {path}: {error.strerror}.") from error
        self.stdout.write(f"{path}: {report.title} ({report.get_status_display().lower()})")
