"""manage.py bench_matching: the whole-pool proposal at scale (see metodist/mentoring/matching/bench.py)."""

from django.core.management.base import BaseCommand
from django.db import connection

from metodist.mentoring.matching import bench


class Command(BaseCommand):
    help = "Замер: подбор наставников для всего пула (синтетические 1000 × 3000 и, по выбору, муниципалитет базы)."

    def add_arguments(self, parser):
        parser.add_argument("--mentees", type=int, default=1000)
        parser.add_argument("--mentors", type=int, default=3000)
        parser.add_argument("--municipality", type=int, help="id муниципалитета базы: полный подбор с чтением данных")
        parser.add_argument(
            "--largest", action="store_true", help="полный подбор для муниципалитета базы с наибольшим числом педагогов"
        )

    def handle(self, *args, **options):
        if options["largest"]:
            options["municipality"] = _largest_municipality()
        figures = bench.run(options["mentees"], options["mentors"], options["municipality"])
        s = figures["synthetic"]
        self.stdout.write(
            f"Синтетический пул {options['mentees']} × {options['mentors']} (мест {s['places']}): соответствие "
            f"{s['score']:.2f} с, распределение {s['solve']:.2f} с, обоснования {s['explain']:.2f} с; "
            f"итого {s['score'] + s['solve'] + s['explain']:.2f} с. Пар {s['pairs']}, сумма соответствия: "
            f"оптимум {s['optimum']:.1f}, жадный перебор {s['greedy']:.1f}."
        )
        if "database" in figures:
            d = figures["database"]
            self.stdout.write(
                f"База ({connection.vendor}), муниципалитет {options['municipality']}: ожидают {d['mentees']}, "
                f"наставников {d['mentors']}, мест {d['places']}; всего {d['total']:.2f} с (чтение {d['read']:.2f} с, "
                f"соответствие {d['score']:.2f} с, распределение {d['solve']:.2f} с, обоснования {d['explain']:.2f} с)."
            )
            r = figures["reads"]
            self.stdout.write(
                f"Чтение растущих с пулом данных по всей базе: открытые дефициты {r['mentees']} молодых педагогов "
                f"{r['deficits']:.2f} с (с дефицитами {r['with_deficits']}), сильные стороны {r['mentors']} "
                f"наставников {r['strengths']:.2f} с (с сильными сторонами {r['with_strengths']})."
            )


def _largest_municipality() -> int | None:
    """The municipality with the most people working in it (the biggest pool of a region-scale database)."""
    from django.db.models import Count

    from metodist.people.models import Employment

    row = (
        Employment.objects.values("organization__municipality_id")
        .annotate(n=Count("educator_id", distinct=True))
        .order_by("-n")
        .first()
    )
    return row["organization__municipality_id"] if row else None
