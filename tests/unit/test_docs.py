"""The docs a newcomer reads: every link leads somewhere, and the contract is in the repo.

Someone who clones Planner must be able to follow every reference: a relative
link in README.md or docs/ must name a file of the repository (and, with a
#fragment, a heading of that file, as GitHub makes anchors), and no code or
doc may cite a contract page that lives outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = ("http://", "https://", "mailto:")

#: Contract pages that once lived outside the repository, under these names.
OUTSIDE_PAGE = re.compile(r"\b(?:MODEL|WORKBOOK|SWEEPS|FINDINGS|STYLE|SOURCES)\.md\b")
OUTSIDE_FOLDER = re.compile(r"shared/(?:design|data)\b")
SCANNED = ("optimise", "planner", "tests", "bench", "scripts", "docs", ".ci")
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".csv", ".html", ".cfg", ".ini", ""}


def prose_lines(page: Path) -> list[tuple[int, str]]:
    """The page's lines outside fenced code blocks, with inline code removed."""
    out, fenced = [], False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            out.append((number, INLINE_CODE.sub("", line)))
    return out


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"`|\*\*|__", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading keeps its words
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading's fragment on the page; a repeated heading gets -1, -2... as on GitHub."""
    seen: dict[str, int] = {}
    out: set[str] = set()
    for _, line in prose_lines(page):
        match = HEADING.match(line)
        if not match:
            continue
        anchor = github_anchor(match.group(2))
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        out.add(anchor if count == 0 else f"{anchor}-{count}")
    return out


def relative_links(page: Path) -> list[tuple[int, str]]:
    return [
        (number, target)
        for number, line in prose_lines(page)
        for target in LINK.findall(line)
        if not target.startswith(EXTERNAL)
    ]


def broken_link(page: Path, target: str) -> str | None:
    """Why the link does not resolve inside the repository, or None if it does."""
    path_part, _, fragment = target.partition("#")
    linked = (page.parent / path_part).resolve() if path_part else page
    if not linked.is_relative_to(ROOT):
        return "points outside the repository"
    if not linked.exists():
        return "names no file in the repository"
    if fragment and linked.suffix == ".md" and fragment not in anchors(linked):
        return f'has no heading "#{fragment}" in {linked.relative_to(ROOT)}'
    return None


def scanned_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    for folder in SCANNED:
        files += [
            p
            for p in sorted((ROOT / folder).rglob("*"))
            if p.is_file() and p.suffix in TEXT_SUFFIXES
        ]
    return [p for p in files if "__pycache__" not in p.parts]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_of_the_repository(page):
    broken = [
        f"{page.relative_to(ROOT)}:{number}: ({target}) {why}"
        for number, target in relative_links(page)
        if (why := broken_link(page, target)) is not None
    ]
    assert not broken, "\n".join(broken)


def test_the_readme_links_every_contract_page():
    linked = {target.partition("#")[0] for _, target in relative_links(ROOT / "README.md")}
    for page in ("rules.md", "workbook.md", "sweeps.md", "model.md", "tools.md"):
        assert f"docs/{page}" in linked


def test_the_link_checker_sees_a_missing_file_and_a_missing_heading(tmp_path):
    page = ROOT / "docs" / "rules.md"
    assert broken_link(page, "workbook.md") is None
    assert broken_link(page, "workbook.md#outputs-written-by-every-run") is None
    assert broken_link(page, "no-such-page.md") == "names no file in the repository"
    assert "has no heading" in broken_link(page, "workbook.md#no-such-heading")
    assert broken_link(page, "../../outside.md") == "points outside the repository"


def test_github_anchors_drop_punctuation_as_github_does():
    assert github_anchor("The harm curve's bands") == "the-harm-curves-bands"
    assert github_anchor("Objective: three stages, in order") == "objective-three-stages-in-order"
    assert github_anchor("Validation: a clear error, and nothing written") == (
        "validation-a-clear-error-and-nothing-written"
    )


def test_no_file_cites_a_contract_page_outside_the_repository():
    """The contract is docs/rules.md, docs/workbook.md, docs/sweeps.md and docs/tools.md."""
    cited = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in scanned_files()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
        )
        if OUTSIDE_PAGE.search(line) or OUTSIDE_FOLDER.search(line)
    ]
    assert not cited, "cite the page in docs/ instead:\n" + "\n".join(cited)
