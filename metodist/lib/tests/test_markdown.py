from metodist.lib.markdown import replace_section

BEGIN, END = "<!-- x:begin -->", "<!-- x:end -->"


def test_a_section_replaces_only_the_text_between_its_markers(tmp_path):
    path = tmp_path / "bench.md"
    path.write_text(f"до\n{BEGIN}\nстарое\n{END}\nпосле\n", encoding="utf-8")
    replace_section(path, BEGIN, END, f"{BEGIN}\nновое\n{END}")
    assert path.read_text(encoding="utf-8") == f"до\n{BEGIN}\nновое\n{END}\nпосле\n"


def test_a_new_section_goes_inside_its_enclosing_markers_or_at_the_end(tmp_path):
    path = tmp_path / "bench.md"
    path.write_text("текст\n", encoding="utf-8")
    within = ("<!-- all:begin -->", "<!-- all:end -->")
    replace_section(path, BEGIN, END, f"{BEGIN}\nа\n{END}", within=within)
    replace_section(path, "<!-- y:begin -->", "<!-- y:end -->", "<!-- y:begin -->\nб\n<!-- y:end -->", within=within)
    assert path.read_text(encoding="utf-8") == (
        f"текст\n\n{within[0]}\n{BEGIN}\nа\n{END}\n\n<!-- y:begin -->\nб\n<!-- y:end -->\n\n{within[1]}\n"
    )
    plain = tmp_path / "plain.md"
    replace_section(plain, BEGIN, END, f"{BEGIN}\nв\n{END}")
    assert plain.read_text(encoding="utf-8") == f"\n\n{BEGIN}\nв\n{END}\n"
