"""Rewriting one marked section of a Markdown file: how the bench commands record their figures in
docs/benchmarks.md without touching the text around them."""

from pathlib import Path


def replace_section(path: Path, begin: str, end: str, section: str, within: tuple[str, str] | None = None) -> None:
    """Puts `section` (which starts with `begin` and ends with `end`) in place of the text between those markers;
    a section not there yet goes before the closing marker of `within` (an enclosing pair of markers, created if
    missing), or else at the end of the file."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        text = text[: text.index(begin)] + section + text[text.index(end) + len(end) :]
    elif within and within[1] in text:
        text = text[: text.index(within[1])] + section + "\n\n" + text[text.index(within[1]) :]
    elif within:
        text = text.rstrip() + f"\n\n{within[0]}\n{section}\n\n{within[1]}\n"
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
