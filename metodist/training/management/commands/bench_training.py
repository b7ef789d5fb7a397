"""manage.py bench_training: the training module's region-scale figures (metodist/training/bench.py)."""

from django.core.management.base import BaseCommand

from metodist.training import bench


class Command(BaseCommand):
    help = "Замеры модуля курсов на масштабе региона (данные строятся во временной транзакции и откатываются)."

    def add_arguments(self, parser):
        parser.add_argument("--educators", type=int, default=50_000)
        parser.add_argument("--with-demo", action="store_true", help="и время демо-сидера курсов на тех же педагогах")

    def handle(self, *args, **options):
        self.stdout.write(f"Стенд: педагогов {options['educators']}")
        for figure in bench.run(options["educators"], self.stdout.write, options["with_demo"]):
            self.stdout.write(
                f"{figure.name}: {figure.seconds:.2f} с, пик памяти {figure.peak_mb:.1f} МБ. {figure.detail}"
            )
