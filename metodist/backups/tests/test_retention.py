from metodist.backups.archive import prune


def test_keep_deletes_all_but_the_newest_archives_and_nothing_else(tmp_path):
    for name in [
        "metodist-20250113-020000.tar.gz",
        "metodist-20250115-020000.tar.gz",
        "metodist-20250114-020000.tar.gz",
    ]:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("не копия")

    deleted = prune(tmp_path, keep=2)

    assert [path.name for path in deleted] == ["metodist-20250113-020000.tar.gz"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "metodist-20250114-020000.tar.gz",
        "metodist-20250115-020000.tar.gz",
        "notes.txt",
    ]
