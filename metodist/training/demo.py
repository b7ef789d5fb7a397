"""Demo data of this module for `manage.py seed_demo_growth` (after seed_demo; rerun-safe).

A catalogue of about 60 programs (ПК by the topics of Track 3, ПП for retraining) of the region's ЦНППМ and
institute, the Академия Минпросвещения and the municipality's ИМЦ, with cohorts in the coming months; trainings
of about 35 % of the educators each year over the last three years; retraining of most out-of-profile teachers;
a few requests to count a course taken elsewhere (pending and rejected), each with a PDF scan of its certificate.
When the diagnostics demo has results of two procedures, educators with a deficit at the first are trained
between the two on a program addressing it, chosen among those whose result grew more, so that the effectiveness
table shows figures.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from io import BytesIO

SEED = 2025
BATCH = 5_000
YEARLY_SHARE = 0.35

PROVIDERS = {
    "cnppm": "ЦНППМ «Учитель будущего»",
    "institute": "Институт развития образования",
    "federal": "Академия Минпросвещения России",
    "municipal": "Информационно-методический центр",
}

# topic → (competency codes of the framework, titles)
CATALOGUE = {
    "fgos": (
        ["methods.lesson", "methods.program", "subject.standards"],
        [
            "Реализация требований обновлённых ФГОС НОО, ФГОС ООО в работе учителя",
            "Федеральные образовательные программы: проектирование рабочих программ по предмету",
            "Системно-деятельностный подход на уроке в условиях обновлённых ФГОС",
            "Обновлённый ФГОС СОО: содержание и организация образовательной деятельности",
        ],
    ),
    "digital": (
        ["digital.platforms", "digital.content", "digital.safety"],
        [
            "Работа учителя в ФГИС «Моя школа»: цифровые сервисы и контент",
            "Цифровая образовательная среда: создание электронных образовательных ресурсов",
            "Информационная безопасность детей в цифровой среде",
            "Использование библиотеки цифрового образовательного контента на уроке",
        ],
    ),
    "functional_literacy": (
        ["fl.reading", "fl.math", "fl.tasks"],
        [
            "Формирование функциональной грамотности обучающихся: читательская грамотность",
            "Математическая и естественнонаучная грамотность: задания в контексте",
            "Разработка контекстных заданий для оценки функциональной грамотности",
            "Школа современного учителя: функциональная грамотность на уроках предмета",
        ],
    ),
    "quality_assessment": (
        ["assess.criteria", "assess.formative", "assess.data"],
        [
            "Критериальное оценивание образовательных результатов обучающихся",
            "Формирующее оценивание и обратная связь на уроке",
            "Анализ результатов ВПР, ОГЭ и ЕГЭ для совершенствования преподавания",
            "Объективность оценочных процедур: от анализа к управленческим решениям",
        ],
    ),
    "talents": (
        ["incl.gifted"],
        [
            "Выявление и развитие способностей и талантов у детей и молодёжи",
            "Подготовка обучающихся к олимпиадам: методика и организация",
            "Проектная и исследовательская деятельность одарённых школьников",
            "Сопровождение обучающихся в системе «Сириус.Курсы»",
        ],
    ),
    "subject_methods": (
        ["subject.content", "subject.tasks", "methods.differentiation"],
        [
            "Методика преподавания математики: решение задач повышенной сложности",
            "Совершенствование предметных компетенций учителя русского языка и литературы",
            "Методика преподавания истории и обществознания в условиях ФОП",
            "Дифференцированное обучение на уроках в разноуровневых классах",
        ],
    ),
    "inclusive": (
        ["incl.ovz", "incl.migrants"],
        [
            "Инклюзивное образование: обучение детей с ОВЗ по адаптированным программам",
            "Организация обучения детей-мигрантов, для которых русский язык неродной",
            "Психолого-педагогическое сопровождение обучающихся с инвалидностью",
            "Тьюторское сопровождение детей с расстройствами аутистического спектра",
        ],
    ),
    "career_guidance": (
        ["upbr.career"],
        [
            "Профориентационный минимум: реализация в образовательной организации",
            "Самоопределение и профессиональная ориентация обучающихся",
            "Курс внеурочной деятельности «Россия — мои горизонты»",
            "Профессиональные пробы и профориентационные экскурсии",
        ],
    ),
    "upbringing": (
        ["upbr.program", "upbr.class"],
        [
            "Реализация рабочей программы воспитания в образовательной организации",
            "Классное руководство: современные формы работы с классом и родителями",
            "Советник директора по воспитанию: организация воспитательной работы",
            "Профилактика деструктивного поведения обучающихся",
        ],
    ),
    "preschool_quality": (
        ["psy.age", "psy.climate"],
        [
            "Повышение качества дошкольного образования в соответствии с ФОП ДО",
            "Развивающая предметно-пространственная среда детского сада",
            "Психолого-педагогическая диагностика в дошкольной образовательной организации",
            "Речевое развитие дошкольников в соответствии с ФОП ДО",
        ],
    ),
    "tech_sovereignty": (
        ["subject.tasks", "fl.math"],
        [
            "Формирование инженерного мышления на уроках физики и технологии",
            "Естественнонаучное образование: лабораторный практикум на современном оборудовании",
            "Информатика и программирование: углублённое изучение",
            "Химия и биология: исследовательские задачи в центрах «Точка роста»",
        ],
    ),
    "tutoring": (
        ["psy.motivation", "methods.differentiation"],
        [
            "Наставничество в образовательной организации: целевая модель",
            "Тьюторское сопровождение индивидуальных образовательных маршрутов",
            "Формирование учебной мотивации обучающихся",
        ],
    ),
    "management": (
        ["mgmt.strategy", "mgmt.quality", "mgmt.staff", "mgmt.law"],
        [
            "Управление образовательной организацией: стратегия и программа развития",
            "Внутренняя система оценки качества образования (ВСОКО)",
            "Управление профессиональным развитием педагогического коллектива",
            "Нормативно-правовое и финансово-хозяйственное обеспечение деятельности ОО",
            "Школа Минпросвещения России: управление изменениями",
        ],
    ),
}

# programs of one subject (the rest are for any subject)
SUBJECT_OF = {
    "Методика преподавания математики: решение задач повышенной сложности": "mathematics",
    "Совершенствование предметных компетенций учителя русского языка и литературы": "russian",
    "Методика преподавания истории и обществознания в условиях ФОП": "history",
    "Формирование инженерного мышления на уроках физики и технологии": "physics",
    "Информатика и программирование: углублённое изучение": "informatics",
}

RETRAINING = [
    "Педагогическое образование: учитель математики",
    "Педагогическое образование: учитель физики",
    "Педагогическое образование: учитель информатики",
    "Педагогическое образование: учитель русского языка и литературы",
    "Педагогическое образование: учитель истории и обществознания",
    "Педагогическое образование: учитель химии и биологии",
    "Педагогика и методика дошкольного образования",
    "Менеджмент в образовании",
]


def _progress_every(progress, total, done, unit):
    if done and (done % (BATCH * 4) == 0 or done == total):
        progress(f"  курсы: {done} из {total} {unit}")


def _catalogue(rng: random.Random, region_id, today: date):
    from metodist.diagnostics.models import Competency
    from metodist.people.models import Subject

    from .models import Program, ProgramCohort, ProviderKind, Topic

    topics = {topic.code: topic for topic in Topic.objects.all()}
    competencies = defaultdict(list)
    for competency in Competency.objects.filter(version__framework__code="msnms", version__number=1):
        competencies[competency.code].append(competency)
    subjects = {subject.code: subject for subject in Subject.objects.all()}
    kinds = [ProviderKind.CNPPM, ProviderKind.INSTITUTE, ProviderKind.FEDERAL, ProviderKind.MUNICIPAL]
    made = []
    for topic_code, (codes, titles) in CATALOGUE.items():
        for number, title in enumerate(titles):
            kind = kinds[(number + len(made)) % len(kinds)]
            program = Program.objects.create(
                title=title,
                provider=PROVIDERS[kind],
                provider_kind=kind,
                hours=rng.choice([16, 18, 24, 36, 36, 36, 48, 72]),
                kind="pk",
                in_federal_registry=kind == ProviderKind.FEDERAL or rng.random() < 0.25,
                format=rng.choice(["full_time", "blended", "blended", "distance"]),
                for_managers=topic_code == "management",
                on_deficit_diagnostics=kind in (ProviderKind.CNPPM, ProviderKind.INSTITUTE) and rng.random() < 0.5,
                on_routes=kind == ProviderKind.CNPPM and rng.random() < 0.4,
                for_municipal_needs=kind == ProviderKind.MUNICIPAL or rng.random() < 0.15,
                region_id=None if kind == ProviderKind.FEDERAL else region_id,
            )
            program.topics.set([topics[topic_code]] + ([topics["fgos"]] if rng.random() < 0.2 else []))
            chosen = rng.sample(codes, k=min(len(codes), rng.choice([1, 2, 2, 3])))
            program.competencies.set([c for code in chosen for c in competencies.get(code, [])])
            subject = SUBJECT_OF.get(title)
            if subject in subjects:
                program.subjects.set([subjects[subject]])
            made.append(program)
    for number, title in enumerate(RETRAINING):
        kind = ProviderKind.INSTITUTE if number % 2 else ProviderKind.CNPPM
        made.append(
            Program.objects.create(
                title=title,
                provider=PROVIDERS[kind],
                provider_kind=kind,
                hours=rng.choice([252, 300, 340, 520]),
                kind="pp",
                in_federal_registry=rng.random() < 0.4,
                format="distance" if number % 3 else "blended",
                for_managers=title.startswith("Менеджмент"),
                region_id=region_id,
            )
        )
    cohorts = []
    for program in made:
        for offset in sorted(rng.sample(range(0, 330, 15), k=2)):
            starts = today + timedelta(days=offset + 10)
            length = 14 if program.kind == "pk" else 120
            cohorts.append(
                ProgramCohort(
                    program=program,
                    starts_on=starts,
                    ends_on=starts + timedelta(days=length),
                    seats=rng.choice([20, 25, 25, 30, 40]),
                )  # fmt: skip
            )
    ProgramCohort.objects.bulk_create(cohorts)
    return made


def seed(*, today: date, progress: Callable[[str], None]) -> list[str]:
    """Seeds the module's demo history on the registry loaded by seed_demo; returns summary lines."""
    from metodist.orgs.models import OrganizationKind
    from metodist.people.models import Educator, Employment

    from .models import Program, Review, Training, TrainingResult, TrainingSource

    if Program.objects.filter(provider__in=PROVIDERS.values()).exists():
        return ["Курсы: демонстрационный каталог уже загружен — пропущено."]
    places = {}
    for educator_id, region_id, kind in (
        Employment.objects.active(today)
        .order_by("educator_id", "start_date", "pk")
        .values_list("educator_id", "organization__region_id", "organization__kind")
    ):
        places[educator_id] = (region_id, kind)
    if not places:
        return ["Курсы: в реестре нет педагогов — пропущено."]
    rng = random.Random(SEED)
    region_id = Counter(region for region, _ in places.values()).most_common(1)[0][0]  # where most educators work
    progress("Курсы: каталог программ…")
    catalogue = _catalogue(rng, region_id, today)
    pk_programs = [p for p in catalogue if p.kind == "pk"]
    preschool = [p for p in pk_programs if p.title in CATALOGUE["preschool_quality"][1]]
    general = [p for p in pk_programs if p not in preschool and not p.for_managers]
    managers = [p for p in pk_programs if p.for_managers]
    pp_programs = [p for p in catalogue if p.kind == "pp"]

    rows: list[Training] = []

    def add(educator_id, program, ends_on, **fields):
        region = places[educator_id][0]
        days = 12 if program is None or program.kind == "pk" else 150
        rows.append(
            Training(educator_id=educator_id, program=program, kind=program.kind if program else "pk",
                     starts_on=ends_on - timedelta(days=days), ends_on=ends_on, region_id=region,
                     certificate_number=f"{rng.randint(10**11, 10**12 - 1)}", source=TrainingSource.IMPORT, **fields)
        )  # fmt: skip

    # diagnostics-guided trainings first (when the diagnostics demo seeded two procedures)
    guided = _guided(rng, places, pk_programs, add, today)
    trained_years = defaultdict(set)
    for educator_id, year in guided:
        trained_years[educator_id].add(year)
    educator_ids = sorted(places)
    for educator_id in educator_ids:
        _, kind = places[educator_id]
        pool = preschool if kind == OrganizationKind.PRESCHOOL and preschool else general
        for back in range(3):
            if back in trained_years[educator_id] or rng.random() >= YEARLY_SHARE:
                continue
            ends_on = today - timedelta(days=365 * back + rng.randint(20, 350))
            program = rng.choice(managers if rng.random() < 0.05 else pool)
            add(educator_id, program, ends_on)
    # retraining of out-of-profile teachers: about 60 % have a ПП
    out = list(Educator.objects.out_of_profile(today).values_list("pk", flat=True))
    retrained = 0
    for educator_id in out:
        if educator_id in places and rng.random() < 0.6:
            add(educator_id, rng.choice(pp_programs), today - timedelta(days=rng.randint(60, 900)))
            retrained += 1
    # the demo teacher's last ПК ended two years and eight months ago: the cabinet says the cycle is running out
    teacher = _demo_teacher()
    if teacher in places:
        rows[:] = [row for row in rows if row.educator_id != teacher]
        add(teacher, rng.choice(general), today - timedelta(days=365 * 2 + 240))
    # requests to count a course taken elsewhere
    asking = ([teacher] if teacher in places else []) + rng.sample(educator_ids, k=min(14, len(educator_ids)))
    requests = []
    for number, educator_id in enumerate(dict.fromkeys(asking)):
        ends_on = today - timedelta(days=rng.randint(10, 120))
        rejected = number % 5 == 4
        requests.append(
            Training(
                educator_id=educator_id, title=rng.choice(OUTSIDE), provider=rng.choice(OUTSIDE_PROVIDERS),
                hours=rng.choice([16, 24, 36, 72]), starts_on=ends_on - timedelta(days=10), ends_on=ends_on,
                result=TrainingResult.COMPLETED, certificate_number=f"{rng.randint(10**9, 10**10 - 1)}",
                source=TrainingSource.REQUEST, region_id=places[educator_id][0],
                review=Review.REJECTED if rejected else Review.PENDING,
                review_reason="Скан удостоверения нечитаем: загрузите копию лучшего качества." if rejected else "",
            )
        )  # fmt: skip
    total = len(rows)
    for start in range(0, total, BATCH):
        Training.objects.bulk_create(rows[start : start + BATCH])
        _progress_every(progress, total, min(start + BATCH, total), "записей")
    _attach_scans(requests)
    Training.objects.bulk_create(requests)
    return [
        f"Курсы: программ {len(catalogue)} (ПП {len(pp_programs)}), прохождений {total} "
        f"(по итогам диагностики {len(guided)}, переподготовка {retrained}), заявок на зачёт {len(requests)}."
    ]


OUTSIDE = [
    "Медиация в образовательной организации",
    "Оказание первой помощи пострадавшим",
    "Смысловое чтение на уроках разных предметов",
    "Нейропсихология в обучении младших школьников",
]
OUTSIDE_PROVIDERS = ["Московский городской педагогический университет", "Центр онлайн-обучения «Фоксфорд»",
                     "Университет «Просвещение»"]  # fmt: skip


def _attach_scans(requests) -> None:
    """Gives each request the scan of its certificate, stored as an educator's upload is."""
    from django.core.files.base import ContentFile

    from metodist.people.models import Educator

    people = Educator.objects.in_bulk({row.educator_id for row in requests})
    for row in requests:
        scan = ContentFile(_scan(row, people[row.educator_id]))
        row.certificate.save(f"удостоверение_{row.certificate_number}.pdf", scan, save=False)


def _scan(training, educator) -> bytes:
    """A one-page PDF that looks like the certificate of `training`: the same bytes for the same request."""
    from matplotlib.figure import Figure  # the report's charting library; no pyplot, so no display is looked for
    from matplotlib.patches import Ellipse, Rectangle

    figure = Figure(figsize=(8.27, 5.83))  # A5 landscape
    ink = "#1f3a6b"
    figure.patches.append(Rectangle((0.03, 0.04), 0.94, 0.92, fill=False, linewidth=2, edgecolor=ink,
                                    transform=figure.transFigure))  # fmt: skip
    passed = "прошёл" if educator.sex == "M" else "прошла"
    lines = [
        (0.88, training.provider, 10, "normal"),
        (0.76, "УДОСТОВЕРЕНИЕ", 22, "bold"),
        (0.70, "о повышении квалификации", 13, "normal"),
        (0.58, "Настоящее удостоверение свидетельствует о том, что", 10, "normal"),
        (0.50, educator.full_name, 14, "bold"),
        (0.42, f"с {training.starts_on:%d.%m.%Y} по {training.ends_on:%d.%m.%Y} {passed} обучение по программе", 10,
         "normal"),
        (0.35, f"«{training.title}»", 11, "normal"),
        (0.28, f"в объёме {training.hours} ч.", 10, "normal"),
    ]  # fmt: skip
    for y, text, size, weight in lines:
        figure.text(0.5, y, text, ha="center", fontsize=size, weight=weight, color=ink if size > 12 else "black")
    figure.text(0.08, 0.1, f"Регистрационный номер {training.certificate_number}", fontsize=9)
    figure.patches.append(Ellipse((0.82, 0.16), 0.16 * 5.83 / 8.27, 0.16, fill=False, linewidth=1.5,
                                  edgecolor="#3949ab", transform=figure.transFigure))  # fmt: skip
    content = BytesIO()
    figure.savefig(content, format="pdf", metadata={"CreationDate": None})  # no date: the same file every run
    return content.getvalue()


def _demo_teacher():
    from metodist.accounts.models import User

    return User.objects.filter(username="teacher").values_list("educator_id", flat=True).first()


def _guided(rng, places, programs, add, today) -> list[tuple[int, int]]:
    """Trainings between two diagnostics for educators with a deficit at the first on a code a program
    addresses, preferring those whose result grew more; returns (educator, years back) of those trained."""
    from metodist.diagnostics.models import Deficit, Diagnostic, DiagnosticResult
    from metodist.lib.dates import add_years

    diagnostics = list(Diagnostic.objects.order_by("ends_on", "pk"))
    if len(diagnostics) < 2:
        return []
    addressing = defaultdict(list)
    for program in programs:
        for code in program.competencies.values_list("code", flat=True):
            addressing[code].append(program)
    done = []
    for first, second in zip(diagnostics, diagnostics[1:], strict=False):
        gap = (second.starts_on - first.ends_on).days
        if gap < 30:
            continue
        deficits = Deficit.objects.filter(diagnostic=first, competency__code__in=addressing).values_list(
            "educator_id", "competency__code", "percent"
        )
        later = {
            (educator_id, code): score * 100 / maximum
            for educator_id, code, score, maximum in DiagnosticResult.objects.filter(
                diagnostic=second, competency__code__in=addressing
            ).values_list("educator_id", "competency__code", "score", "max_score")
        }
        candidates = []
        for educator_id, code, percent in deficits:
            after = later.get((educator_id, code))
            if after is None or educator_id not in places:
                continue
            # mostly chance, somewhat more often those whose result grew: the effect is visible, not absurd
            candidates.append((0.15 * float(after - percent) + rng.uniform(-20, 20), educator_id, code))
        candidates.sort(reverse=True)
        chosen, seen = candidates[: len(candidates) * 2 // 5], set()
        for _, educator_id, code in chosen:
            if educator_id in seen:
                continue
            seen.add(educator_id)
            ends_on = first.ends_on + timedelta(days=rng.randint(15, max(gap - 15, 16)))
            add(educator_id, rng.choice(addressing[code]), ends_on)
            back = 0 if ends_on > add_years(today, -1) else (1 if ends_on > add_years(today, -2) else 2)
            done.append((educator_id, back))
    return done


def clear() -> None:
    """Deletes the module's data before seed_demo --replace deletes the registry it points to."""
    from django.db import transaction

    from .models import Program, Training, TrainingOrder

    scans = Training._meta.get_field("certificate").storage
    names = list(Training.objects.exclude(certificate="").values_list("certificate", flat=True))
    TrainingOrder.objects.all().delete()
    Training.objects.all().delete()
    Program.objects.all().delete()

    def delete_scans():  # after commit: a deletion rolled back keeps its rows' scans
        for name in names:
            scans.delete(name)

    transaction.on_commit(delete_scans)
