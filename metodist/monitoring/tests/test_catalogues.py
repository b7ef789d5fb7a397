"""The four indicator catalogues of the seeds (catalogues/*.toml): complete, verbatim, consistent with the
vocabulary, loadable twice without change, and failing loudly when a copy is broken."""

import os
import re
import tomllib
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from metodist.monitoring import actions, catalogue
from metodist.monitoring.models import (
    Catalogue,
    DataCard,
    DataElement,
    Indicator,
    Level,
    ResultStatus,
    TargetStatus,
)

from .builders import build_world, make_campaign

# The regulations live outside the repository (shared/seeds next to the checkout); METODIST_SEEDS overrides.
SEEDS = Path(os.environ.get("METODIST_SEEDS", Path(settings.BASE_DIR).parent / "shared" / "seeds"))
# msnms-002: 66 criteria of its appendix 2 and 3 targets of its programme (p-11: training; p-12, p-14: routes)
EXPECTED_COUNTS = {"msnms-000": 11, "msnms-001": 7, "msnms-002": 69, "msnms-003": 6}
CATALOGUE_CODES = sorted(EXPECTED_COUNTS)

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"нет каталога документов {SEEDS}")


def path_of(code: str) -> Path:
    return catalogue.CATALOGUE_DIR / f"{code}.toml"


def indicators_of(code: str) -> list[dict]:
    return catalogue.read(path_of(code))["indicators"]


def all_indicators() -> list[dict]:
    return [indicator for code in CATALOGUE_CODES for indicator in indicators_of(code)]


TAG = re.compile(r"<[^>]+>")


def normalise(text: str) -> str:
    """Text as the documents print it, without HTML tags, «ё», runs of whitespace or spaces inside brackets."""
    text = TAG.sub(" ", text).replace("ё", "е").replace("Ё", "Е")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", text)).strip()


def seed_text(name: str) -> str:
    """The seed's text followed by each table column read top to bottom: a table row split by a page break
    goes on in the same column of a later row, after the table header the page repeats (dropped here)."""
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
    seen, columns = set(), defaultdict(list)
    for line in lines:
        if "\t" not in line or line in seen:
            continue
        seen.add(line)
        for number, cell in enumerate(line.split("\t")):
            columns[number].append(cell)
    return normalise("\n".join([*lines, *(" ".join(cells) for cells in columns.values())]))


def test_normaliser_drops_tags_yo_and_whitespace_inside_brackets():
    printed = "тиражируемые ( <i>муниципальный\n уровень</i> ),  <u>учёт</u>"

    assert normalise(printed) == "тиражируемые (муниципальный уровень), учет"


@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_every_catalogue_file_passes_validation(code):
    data = catalogue.read(path_of(code))

    assert data["head"]["code"] == code
    assert len(data["version"]) == 64


def test_catalogues_hold_exactly_the_indicators_of_their_documents():
    files = {path.stem for path in catalogue.catalogue_paths()}

    counts = {code: len(indicators_of(code)) for code in CATALOGUE_CODES}

    assert files == set(CATALOGUE_CODES)
    assert counts == EXPECTED_COUNTS
    assert sum(counts.values()) == 93


def test_msnms_002_has_every_criterion_of_the_nine_indicators_in_three_tracks():
    # beside the criteria of appendix 2 (codes t…), the catalogue holds the programme's targets (p-11, p-12, p-14)
    indicators = [item for item in indicators_of("msnms-002") if item["code"].startswith("t")]

    per_indicator = Counter(int(item["number"].split(".")[0]) for item in indicators)
    per_track = Counter(item["group"][0].split(".")[0] for item in indicators)

    assert per_indicator == {1: 3, 2: 3, 3: 3, 4: 2, 5: 7, 6: 5, 7: 5, 8: 23, 9: 15}
    assert per_track == {"Трек 1": 18, "Трек 2": 33, "Трек 3": 15}
    for item in indicators:
        number, criterion = item["number"].split(".")
        track = item["group"][0].split(".")[0].removeprefix("Трек ")
        assert item["code"] == f"t{track}-{number}-{criterion}"
        assert item["group"][1].startswith(f"{number}. ")
        assert item["source"] == f"002_e04b802539976dd9.txt, приложение 2, показатель {number}, критерий {criterion}"


@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_codes_are_unique_within_each_catalogue(code):
    raw = tomllib.loads(path_of(code).read_text(encoding="utf-8"))

    indicator_codes = [item["code"] for item in raw["indicators"]]
    numbers = [item["number"] for item in raw["indicators"]]
    element_codes = [item["code"] for item in raw.get("elements", [])]

    assert len(set(indicator_codes)) == len(indicator_codes)
    assert len(set(numbers)) == len(numbers)
    assert len(set(element_codes)) == len(element_codes)


@needs_seeds
@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_names_groups_and_methods_occur_verbatim_in_the_seed(code):
    data = catalogue.read(path_of(code))
    text = seed_text(data["head"]["source"])
    quoted = []
    for item in data["indicators"]:
        quoted.append(item["name"])
        if code == "msnms-002":  # the only catalogue whose groups are the document's own headings
            quoted.append(item["group"][0])
            quoted.append(item["group"][1].split(". ", 1)[1])
        quoted.extend(part for part in item.get("method", "").split("; ") if part)

    missing = [phrase for phrase in quoted if normalise(phrase) not in text]

    assert missing == []


def test_no_name_keeps_the_target_printed_after_it():
    names_with_targets = [item["code"] for item in all_indicators() if re.search(r"\d+\s*%\)", item["name"])]

    assert names_with_targets == []


# Hand-listed from the document: the printed target, and 8.15's «(не менее 30%)» moved to the share 8.16.
EXPECTED_TARGETS = {
    "t2-6-1": [{"op": ">=", "value": 90}],
    "t2-6-2": [{"op": "<", "value": 10}],
    "t2-6-3": [{"op": ">=", "value": 75}],
    "t2-7-1": [{"op": ">=", "value": 50}],
    "t2-8-4": [{"op": ">=", "value": 10, "periods": ["2024", "2024/25"]}],
    "t2-8-5": [{"op": ">=", "value": 10}],
    "t2-8-10": [{"op": ">=", "value": 10}],
    "t2-8-16": [{"op": ">=", "value": 30}],
    "p-11": [{"op": ">=", "value": 30}],  # the program's «Ежегодно не менее 30%», item 11 of its measures
    # the programme's targets (items 12 and 14): «100% … завершивших обучение по ИОМ», «Не менее 50% …»
    "p-12": [{"op": ">=", "value": 100}],
    "p-14": [{"op": ">=", "value": 50}],
}


def test_targets_sit_on_exactly_the_criteria_that_print_them():
    targets = {item["code"]: item["targets"] for item in all_indicators() if item.get("targets")}

    assert targets == EXPECTED_TARGETS


def test_the_30_percent_target_is_on_the_share_not_on_the_count():
    by_code = {item["code"]: item for item in indicators_of("msnms-002")}

    count, share = by_code["t2-8-15"], by_code["t2-8-16"]

    assert (count["kind"], count.get("targets")) == ("count", None)
    assert (share["kind"], share["targets"]) == ("share", [{"op": ">=", "value": 30}])
    assert count["population"] == share["population"] == "young_up_to_3_years"
    assert count["where"] == share["where"]


@pytest.mark.parametrize(
    ("period", "applies"), [("2024", True), ("2024/25", True), ("2023/24", False), ("2025/26", False)]
)
def test_the_mentor_target_applies_only_to_periods_containing_the_end_of_2024(period, applies):
    mentors = next(item for item in indicators_of("msnms-002") if item["code"] == "t2-8-4")

    target = Indicator(targets=mentors["targets"]).target_for(period)

    assert target == ({"op": ">=", "value": 10, "periods": ["2024", "2024/25"]} if applies else None)


KIND_OF_FIRST_WORD = {
    "доля": "share",
    "обеспеченность": "share",  # filled staff rates of all rates
    "количество": "count",
    "участие": "count",  # 5.7: how many organizations are internship sites
    "наличие": "presence",
    "разработка": "share",  # programme target 12: «Разработка адресных рекомендаций 100% …» of the completers
    "не": "share",  # programme target 14: «Не менее 50% … из числа завершивших обучение по ИОМ»
    "ежегодно": "share",  # П.11 of the program: «Ежегодно не менее 30% педагогических работников …» is a share
}


def test_kind_follows_the_first_word_of_the_name():
    kinds = {item["code"]: item["kind"] for item in all_indicators()}

    expected = {item["code"]: KIND_OF_FIRST_WORD[item["name"].split()[0].lower()] for item in all_indicators()}

    assert kinds == expected


def test_shares_of_organizations_count_organizations():
    organizational = re.compile(r"^доля (ОО|образовательных организаций),? ", re.IGNORECASE)

    units = {item["code"]: item["unit"] for item in all_indicators() if organizational.match(item["name"])}

    assert units == {"t2-6-5": "organizations", "t2-8-17": "organizations", "e6-4": "organizations",
                     "e6-5": "organizations"}  # fmt: skip


def test_subject_breakdowns_where_the_text_asks_for_them():
    with_breakdown = {item["code"] for item in all_indicators() if "subject" in item.get("breakdowns", [])}

    # 9.15 adds the breakdown to show its target audience: teachers of five subjects
    assert with_breakdown == {"t1-1-1", "t1-1-2", "m3-1-1", "t3-9-15"}
    assert all("в разрезе учебных предметов" in item["name"] for item in all_indicators()
               if item["code"] in with_breakdown - {"t3-9-15"})  # fmt: skip


@pytest.mark.parametrize(
    ("code", "population", "where", "denominator_where"),
    [
        ("t1-1-1", "teachers", [{"predicate": "diagnosed", "level": "federal"}], []),
        ("t1-2-3", "pedagogical", [{"predicate": "has_route", "base": "cnppm"}],
         [{"predicate": "diagnosed", "level": "regional"}]),
        ("t2-6-3", "teachers", [{"predicate": "out_of_profile", "negate": True}], []),
        ("t2-6-4", "pedagogical", [{"predicate": "load_at_least", "hours": 27}], []),
        ("t2-7-1", "pedagogical", [{"predicate": "trained", "program_kind": "pp"}], [{"predicate": "out_of_profile"}]),
        ("t2-8-12", "young_up_to_3_years", [{"predicate": "targeted_support"}], []),
        ("t3-9-15", "teachers", [{"predicate": "trained", "topic": "tech_sovereignty", "years": 3}],
         [{"predicate": "teaches", "subjects": ["mathematics", "algebra", "geometry", "probability", "physics",
                                                "informatics", "chemistry", "biology"]}]),
        ("t3-9-3", "general_pedagogical", [{"predicate": "trained", "topic": "fgos"}], []),
        ("t3-9-14", "preschool_pedagogical", [{"predicate": "trained", "topic": "preschool_quality",
                                               "program_kind": "pk"}], []),
    ],
)  # fmt: skip
def test_denominators_follow_the_words_of_the_criterion(code, population, where, denominator_where):
    item = next(item for item in indicators_of("msnms-002") if item["code"] == code)

    assert (item["population"], item["where"], item.get("denominator_where", [])) == (
        population,
        where,
        denominator_where,
    )


@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_presence_reads_a_yes_no_element_of_the_municipality_card(code):
    data = catalogue.read(path_of(code))

    presence = [item for item in data["indicators"] if item["kind"] == "presence" and "element" in item]
    from_records = [item for item in data["indicators"] if item["kind"] == "presence" and "element" not in item]

    for item in from_records:  # or a municipality predicate over records (7.4, 7.5: metodist/activities)
        assert (item["unit"], item["population"]) == ("municipalities", "municipalities")
    for item in presence:
        if "element" not in item:  # a presence from the registry (an association, mentors' incentives in 8.6)
            assert (item["unit"], item["population"]) == ("municipalities", "municipalities")
            continue
        element = data["elements"][item["element"]]
        assert (item["unit"], element["type"]) == ("municipalities", "bool")
        assert data["cards"][element["card"]]["level"] == "municipality"


@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_each_catalogue_has_at_most_one_card_per_level(code):
    cards = catalogue.read(path_of(code))["cards"].values()

    levels = [card["level"] for card in cards]

    assert len(levels) == len(set(levels))


@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_every_number_element_is_non_negative(code):
    elements = catalogue.read(path_of(code))["elements"].values()

    assert all(element.get("min") == 0 for element in elements if element["type"] == "number")


def test_loading_twice_changes_nothing(db):
    def rows():
        return (Catalogue.objects.count(), DataCard.objects.count(), DataElement.objects.count(),
                Indicator.objects.count(), sorted(Indicator.objects.values_list("pk", flat=True)))  # fmt: skip

    catalogue.load_all()
    first = rows()
    catalogue.load_all()

    assert rows() == first
    assert first[:4] == (4, 5, 24, 93)


def test_the_load_command_reports_every_catalogue(db, capsys):
    call_command("monitoring", "load")

    printed = capsys.readouterr().out.splitlines()

    assert printed == [
        "msnms-000: показателей 11, карт 2",
        "msnms-001: показателей 7, карт 1",
        "msnms-002: показателей 69, карт 2",
        "msnms-003: показателей 6, карт 0",
    ]


def first_name_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith('name = "доля учителей'))


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda text: text.replace('predicate = "mentee"', 'predicate = "mentees"', 1),
         "msnms-002.toml: показатель «t2-8-3»: неизвестный предикат «mentees»"),
        (lambda text: text.replace('op = ">="', 'op = "=>"', 1),
         "msnms-002.toml: показатель «t2-6-1»: целевое значение: op должен быть одним из ['<', '<=', '==', '>', '>=']"),
        (lambda text: text.replace(first_name_line(text) + "\n", "", 1),
         "msnms-002.toml: показатель «t1-1-1»: не задано поле «name»"),
    ],
    ids=["unknown predicate", "bad target operator", "missing name"],
)  # fmt: skip
def test_a_broken_copy_fails_naming_the_file_the_indicator_and_the_problem(tmp_path, break_it, message):
    broken = tmp_path / "msnms-002.toml"
    broken.write_text(break_it(path_of("msnms-002").read_text(encoding="utf-8")), encoding="utf-8")

    with pytest.raises(catalogue.CatalogueError) as error:
        catalogue.read(broken)

    assert str(error.value) == message


def test_the_check_command_stops_on_a_broken_copy(tmp_path):
    broken = tmp_path / "msnms-002.toml"
    text = path_of("msnms-002").read_text(encoding="utf-8")
    broken.write_text(text.replace('"mentee"', '"mentees"', 1), encoding="utf-8")

    with pytest.raises(CommandError, match="msnms-002.toml: показатель «t2-8-3»: неизвестный предикат «mentees»"):
        call_command("monitoring", "check", str(broken))


def computed(code: str):
    """A campaign of the catalogue over municipality A of the small world (builders.py), cards sent, computed."""
    campaign = make_campaign(catalogue.load(path_of(code)), build_world())
    actions.open_campaign(campaign, by=None)
    return actions.compute_snapshot(campaign)


def municipal(snapshot, code: str):
    return snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown="")


def test_registry_criteria_of_track_2_compute_on_a_small_world(db):
    snapshot = computed("msnms-002")

    results = {
        code: (row.numerator, row.denominator, row.value, row.target_status)
        for code in ("t2-6-1", "t2-6-2", "t2-6-3", "t2-6-4", "t2-6-5", "t1-5-7")
        for row in [municipal(snapshot, code)]
    }

    # municipality A, counted at every place of work (6.2–6.4): school X has pedagogical Е1, Е2, Е3, the
    # kindergarten Е5, Е6 and the part-timer Е3 (6 in all); teachers Е1, Е2, Е3 (Е2 out of profile); Е3 works
    # part-time in the kindergarten; 30 h Е2, 27 h Е3 (counted in both places); staff 15 rates, 3 vacant;
    # school X is the only general school (1 of 3 out of profile); no internship site among its two organizations
    assert results == {
        "t2-6-1": (12, 15, Decimal("80.0"), TargetStatus.NOT_MET),
        "t2-6-2": (1, 6, Decimal("16.7"), TargetStatus.NOT_MET),
        "t2-6-3": (2, 3, Decimal("66.7"), TargetStatus.NOT_MET),
        "t2-6-4": (3, 6, Decimal("50.0"), TargetStatus.NO_TARGET),
        "t2-6-5": (1, 1, Decimal("100.0"), TargetStatus.NO_TARGET),
        "t1-5-7": (0, 2, Decimal("0"), TargetStatus.NO_TARGET),
    }


NO_DATA = ResultStatus.NO_DATA


def test_criteria_waiting_for_modules_or_cards_say_why(db):
    snapshot = computed("msnms-002")

    reasons = {code: (municipal(snapshot, code).status, municipal(snapshot, code).reason)
               for code in ("t1-3-2", "t1-4-1", "t2-8-2", "t1-3-3")}  # fmt: skip

    assert reasons == {
        "t1-3-2": (ResultStatus.NO_DATA, "нет данных: за отчётный период в модуле нет записей (Конкурсы)"),
        "t1-4-1": (ResultStatus.AWAITING_CARDS, "нет данных: ожидаются информационные карты (0 из 1)"),
        "t2-8-2": (ResultStatus.AWAITING_CARDS, "нет данных: ожидаются информационные карты (0 из 2)"),
        "t1-3-3": (NO_DATA, "нет данных: за отчётный период в модуле нет записей (Записи о деятельности)"),
    }  # fmt: skip


OK, WAITING_MODULE, WAITING_CARDS = ResultStatus.OK, ResultStatus.NOT_CONNECTED, ResultStatus.AWAITING_CARDS


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # The small world holds no diagnostics, trainings, routes or attestations: every indicator of a connected
        # growth module says «нет данных» for the period (never 0).
        # 2.10 (experience) and 2.11 (in profile) from the registry; 2.1 (diagnostics), 2.4 (attestation), 2.9
        # (associations), 2.2 and 2.8 (events) no data; three acts and the mentoring programmes from cards
        ("msnms-000", {OK: 2, NO_DATA: 5, WAITING_CARDS: 4}),
        # 3.1.1 (diagnostics), 3.1.3–3.1.5 (trainings) and 3.1.6 (competitions) no data
        ("msnms-001", {NO_DATA: 5, WAITING_CARDS: 2}),
        # six registry criteria (6.1–6.5, 5.7); five cards: 4.1, 7.2, 7.3, 8.1, 8.2;
        # no data from diagnostics (1.1–1.3), routes (2.1–2.3, 4.2, 8.10, p-12, p-14), trainings (7.1, 9.1–9.15,
        # p-11), practices (5.5), activity records (3.1, 3.3, 5.4, 5.6, 7.4, 7.5), associations (5.1, 8.7–8.9),
        # mentoring (8.3, 8.4, 8.6, 8.11–8.14, 8.17–8.19), events (5.2, 5.3) and competitions (3.2, 8.5, 8.15,
        # 8.16, 8.20–8.23)
        ("msnms-002", {OK: 6, NO_DATA: 58, WAITING_CARDS: 5}),
        # 6.2 (events), 6.3 and 6.4 (competitions), 6.5 (practices) and 6.6 (expert roles) no data
        ("msnms-003", {NO_DATA: 6}),
    ],
)
def test_every_indicator_of_every_catalogue_gives_a_municipal_result(db, code, expected):
    snapshot = computed(code)

    statuses = Counter(snapshot.values.filter(level=Level.MUNICIPALITY, breakdown="").values_list("status", flat=True))

    assert statuses == expected


def test_experience_up_to_three_years_means_fewer_than_three_full_years(db):
    snapshot = computed("msnms-000")

    row = municipal(snapshot, "p2-10")

    # on 31.05.2024 Е1 (since 01.09.2022) and Е5 (since 09.01.2023) have one full year; Е2, Е3, Е6 have decades
    assert (row.numerator, row.denominator, row.value) == (2, 5, Decimal("40.0"))
