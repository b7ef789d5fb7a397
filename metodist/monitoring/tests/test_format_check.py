"""`monitoring check` rejects what the richer format cannot compute sensibly, naming the file, the item and the
problem in Russian; and what it accepts: nested OR / AND groups, adopted catalogues, sources shown as the
document's name and point."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Campaign, Indicator
from metodist.testing import factories as f

HEAD = """
[catalogue]
code = "own"
title = "Показатели муниципального мониторинга"
document = "Положение о мониторинге города Энска, приложение 1"

[[cards]]
code = "org"
title = "Карта ОО"
level = "organization"

[[cards]]
code = "mun"
title = "Карта муниципалитета"
level = "municipality"

[[elements]]
code = "act"
card = "org"
name = "Наличие локального акта"
type = "bool"

[[elements]]
code = "events"
card = "org"
name = "Число мероприятий"
type = "number"
"""


def indicator(body: str, code: str = "x") -> str:
    return f"""
[[indicators]]
code = "{code}"
number = "1"
name = "показатель"
group = ["1. Группа"]
source = "пункт 1"
{body}
"""


def check(tmp_path, text: str):
    path = tmp_path / "own.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    call_command("monitoring", "check", str(path))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'kind = "value"\nunit = "educators"\npopulation = "pedagogical"',
            "own.toml: показатель «x»: вид value (значение) не считается по совокупности «pedagogical»: людей и "
            "организации считают count (количество) или share (доля)",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\nscale = [{ min = 0, label = "низкий", '
            'color = "red" }, { min = 0, label = "средний", color = "yellow" }]',
            "own.toml: показатель «x»: шкала: порог min = 0 задан дважды",
        ),
        (
            'kind = "presence"\nunit = "municipalities"\nelement = "act"',
            "own.toml: показатель «x»: единицу «municipalities» нечем посчитать: элемент «act» из карты уровня "
            "«organization»",
        ),
        (
            'kind = "count"\nunit = "organizations"',
            "own.toml: показатель «x»: единицу «organizations» нечем посчитать: нужна совокупность (population) "
            "или элемент информационной карты (element)",
        ),
        (
            'kind = "score"\nunit = "municipalities"\nscore = { checklist = [{ element = "act", points = 1 }] }',
            "own.toml: показатель «x»: единицу «municipalities» нечем посчитать: баллы карты уровня «organization» "
            "начисляются тому, кто её заполняет (unit = «organizations»)",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\n'
            'targets = [{ op = ">=", value = 10, from = "2025/26", to = "2021/22" }]',
            "own.toml: показатель «x»: целевое значение: from = «2025/26» позже, чем to = «2021/22»",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\n'
            'targets = [{ op = ">=", trajectory = { "2023/24" = 120 } }]',
            "own.toml: показатель «x»: целевое значение доли должно быть от 0 до 100",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\n'
            'targets = [{ op = ">=", value = 1, trajectory = {} }]',
            "own.toml: показатель «x»: целевое значение: нужно одно из value (число) или trajectory (период = число)",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\nwhere = [{ any_of = [] }]',
            "own.toml: показатель «x»: any_of: нужен непустой список условий",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\n'
            'where = [{ any_of = [{ predicate = "young" }, '
            '{ all_of = [{ predicate = "org_kind", kind = "general" }] }] }]',
            "own.toml: показатель «x»: предикат «org_kind» относится к «organizations», "
            "а показатель считает «educators»",
        ),
        (
            'kind = "share"\nunit = "educators"\npopulation = "teachers"\n'
            'breakdowns = [{ by = "age", bands = [40, 30] }]',
            "own.toml: показатель «x»: разрез «age»: bands — возрастающие целые числа лет "
            "(только для age и experience)",
        ),
        (
            'kind = "count"\nunit = "organizations"\npopulation = "organizations"\nbreakdowns = ["position"]',
            "own.toml: показатель «x»: разрез «position» делит педагогов: "
            "нужны unit = educators и совокупность population",
        ),
        (
            'kind = "count"\nunit = "educators"\npopulation = "teachers"\nparent = "later"',
            "own.toml: показатель «x»: parent: показатель «later» должен быть описан в файле выше",
        ),
    ],
)
def test_check_rejects_with_file_item_and_problem(tmp_path, body, message):
    with pytest.raises(CommandError) as raised:
        check(tmp_path, indicator(body))

    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (
            "[{ min = 0, max = 50, points = 0 }, { min = 40, points = 1 }]",
            "score.bands: диапазоны с min = 0 и min = 40 пересекаются",
        ),
        (
            "[{ min = 0, max = 50, points = 0 }, { min = 0, points = 1 }]",
            "score.bands: диапазон с min = 0 задан дважды",
        ),
        (
            "[{ min = 0, points = 0 }, { min = 50, points = 1 }]",
            "score.bands: диапазоны с min = 0 и min = 50 пересекаются",
        ),
        ("[{ min = 10, max = 10, points = 0 }]", "score.bands: диапазон от 10 до 10 пуст (max не больше min)"),
    ],
)
def test_check_rejects_duplicate_or_overlapping_bands_of_points(tmp_path, bands, message):
    base = indicator('kind = "share"\nunit = "educators"\npopulation = "teachers"', code="base")
    scored = indicator(f'kind = "score"\nunit = "educators"\nscore = {{ of = "base", bands = {bands} }}')

    with pytest.raises(CommandError) as raised:
        check(tmp_path, base + scored)

    assert str(raised.value) == f"own.toml: показатель «x»: {message}"


def test_evidence_rule_only_for_yes_no_elements(tmp_path):
    text = '\n[[elements]]\ncode = "n"\ncard = "org"\nname = "Число"\ntype = "number"\nevidence = "required_if_yes"\n'

    with pytest.raises(CommandError) as raised:
        check(tmp_path, text)

    assert 'элемент «n»: evidence = "required_if_yes" задаётся только элементу типа bool' in str(raised.value)


def test_municipality_card_takes_no_named_respondent(tmp_path):
    path = tmp_path / "own.toml"
    path.write_text(
        HEAD.replace('level = "municipality"', 'level = "municipality"\nrespondent = { organization = "ИМЦ" }')
    )

    with pytest.raises(catalogue.CatalogueError, match="карта «mun»: карту муниципалитета заполняет каждый"):
        catalogue.read(path)


def test_load_of_a_missing_path_says_so(tmp_path):
    with pytest.raises(CommandError, match="файл каталога не найден"):
        call_command("monitoring", "load", str(tmp_path / "none.toml"))


def test_nested_groups_compile_to_or_of_and():
    terms = [
        {"any_of": [{"predicate": "young"}, {"all_of": [{"predicate": "part_time"}, {"predicate": "manager"}]}]},
        {"predicate": "teacher", "negate": True},
    ]
    for term in terms:
        vocabulary.check_term(term, "educators")

    leaves = [term["predicate"] for term in vocabulary.leaves(terms)]
    condition = vocabulary.compile_terms(terms, vocabulary.Context(start=date(2023, 9, 1), on=date(2024, 5, 31)))

    assert leaves == ["young", "part_time", "manager", "teacher"]
    assert condition.connector == "AND"
    assert condition.children[0].connector == "OR"
    assert condition.children[1].negated


def test_adopted_catalogue_shows_the_municipality_and_the_document_never_the_file(db, tmp_path, client):
    text = HEAD.replace(
        'document = "Положение о мониторинге города Энска, приложение 1"',
        'document = "Положение о мониторинге города Энска, приложение 1"\nsource = "enska.txt"\n'
        'adopted_by = "Городской округ Энск"',
    )
    path = tmp_path / "own.toml"
    path.write_text(text + indicator('kind = "count"\nunit = "educators"\npopulation = "teachers"').replace(
        'source = "пункт 1"', 'source = "enska.txt, пункт 1"'), encoding="utf-8")  # fmt: skip
    loaded = catalogue.load(path)
    row = Indicator.objects.get(catalogue=loaded, code="x")

    assert loaded.display_title == "Показатели муниципального мониторинга (Городской округ Энск)"
    assert row.source_text == "Положение о мониторинге города Энска, приложение 1, пункт 1"

    from metodist.accounts.models import Role

    municipality = f.MunicipalityFactory(name="Энск")
    coordinator = f.UserFactory(username="enska", role=Role.COORDINATOR, municipality=municipality)
    campaign = Campaign.objects.create(
        catalogue=loaded, title="Мониторинг Энска", period="2023/24", period_start=date(2023, 9, 1),
        period_end=date(2024, 5, 31), region=municipality.region, municipality=municipality, deadline=date(2024, 6, 1),
    )  # fmt: skip
    actions.compute_snapshot(campaign, by=coordinator)
    client.force_login(coordinator)

    page = client.get(reverse("monitoring:results", args=[campaign.pk])).content.decode()
    drilldown = client.get(reverse("monitoring:drilldown", args=[campaign.pk, "x"])).content.decode()

    assert "Показатели муниципального мониторинга (Городской округ Энск)" in page
    assert "Положение о мониторинге города Энска, приложение 1, пункт 1" in drilldown
    assert "enska.txt" not in page + drilldown
