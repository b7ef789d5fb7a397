"""The rule files: conditions are comparisons only, read from the file, and a broken file says where."""

import pytest

from metodist.reports import rules


@pytest.mark.parametrize(
    ("condition", "facts", "expected"),
    [
        ("has_value and change > 0", {"has_value": True, "change": 2}, True),
        ("has_value and change > 0", {"has_value": True, "change": None}, False),  # no data compares with nothing
        ("not has_target", {"has_target": False}, True),
        ("below > 0 or unknown == 0", {"below": 0, "unknown": 0}, True),
        ("organizations >= 2 and weakest_value != strongest_value",
         {"organizations": 2, "weakest_value": 1, "strongest_value": 1}, False),
        ("0 < value <= 10", {"value": 10}, True),
    ],
)  # fmt: skip
def test_a_condition_reads_as_it_is_written(tmp_path, condition, facts, expected):
    path = tmp_path / "r.toml"
    path.write_text(f'[[sections]]\nkey = "s"\ntitle = "С"\n[[sections.rules]]\nkey = "r"\nfor = "report"\n'
                    f'when = "{condition}"\ntext = "т"\n', encoding="utf-8")  # fmt: skip

    assert rules.load(path)[0].rules[0].applies(facts) is expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ('key = "r"\nfor = "report"\nwhen = "__import__(\'os\')"\ntext = "т"', "допустимы только"),
        ('key = "r"\nfor = "report"\nwhen = "value >"\ntext = "т"', "не читается"),
        ('key = "r"\nfor = "teacher"\ntext = "т"', "for — одно из"),
    ],
)
def test_a_broken_rule_names_its_file_section_and_rule(tmp_path, rule, message):
    path = tmp_path / "broken.toml"
    path.write_text(f'[[sections]]\nkey = "s"\ntitle = "С"\n[[sections.rules]]\n{rule}\n', encoding="utf-8")

    with pytest.raises(rules.RuleError, match=message) as error:
        rules.load(path)
    assert "broken.toml, раздел «s», правило «r»" in str(error.value)


def test_the_shipped_rules_load_in_the_order_of_the_report():
    sections = rules.load()

    assert [section.key for section in sections] == ["summary", "group", "quality", "deficits", "clusters"]


def test_a_template_naming_an_unknown_number_says_which_rule(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text('[[sections]]\nkey = "s"\ntitle = "С"\n[[sections.rules]]\nkey = "r"\nfor = "report"\n'
                    'text = "{nothing}"\n', encoding="utf-8")  # fmt: skip

    with pytest.raises(rules.RuleError, match="В шаблоне правила «r» имя «nothing»"):
        rules.load(path)[0].rules[0].render({})
