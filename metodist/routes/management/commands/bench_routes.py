"""manage.py bench_routes: the proposed steps for one route at region scale (see metodist/routes/bench.py)."""

from django.core.management.base import BaseCommand
from django.db import connection

from metodist.routes import bench


class Command(BaseCommand):
    help = "Замер: предложенные шаги одного маршрута в масштабе региона (время, пиковая память, отношение к базе)."

    def add_arguments(self, parser):
        parser.add_argument("--educators", type=int, default=50000)
        parser.add_argument("--per-educator", type=int, default=20)
        parser.add_argument("--programs", type=int, default=600)
        parser.add_argument("--routes", type=int, default=20)

    def handle(self, *args, **options):
        figures = bench.run(
            educators=options["educators"], per_educator=options["per_educator"], programs=options["programs"],
            routes=options["routes"], say=self.stdout.write,
        )  # fmt: skip
        self.stdout.write(
            f"Предложенные шаги ({connection.vendor}, {options['educators']} педагогов, "
            f"{options['educators'] * options['per_educator']} результатов, {options['programs']} программ): "
            f"медиана {figures['median_ms']:.1f} мс, максимум {figures['max_ms']:.1f} мс на маршрут "
            f"({figures['routes']} маршрутов); база (открытые дефициты педагога) {figures['baseline_ms']:.1f} мс, "
            f"отношение {figures['ratio']:.1f}; пиковая память {figures['peak_mb']:.1f} МБ"
        )
