"""Every figure the README quotes equals the benchmark file it cites.

In the README's Figures section each table row and paragraph that quotes a number links the
file it comes from (``[quality.md](docs/benchmarks/quality.md)``); every number quoted there
must be a number of that file (the same value at the README's precision: ``100`` may quote
``100.0``, ``42.9`` may not quote ``42.1``). A figure without a link fails, so a measurement
cannot be quoted from memory, and a re-run benchmark makes stale README figures fail here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SECTION = "## Figures"
LINK = re.compile(r"\]\((docs/benchmarks/[^)#\s]+)\)")
# A number standing alone: not part of a name (AP50, R101, YOLOv8s), a range (AP50-95), a
# version (1.0.0) or a word like 2-core.
NUMBER = re.compile(r"(?<![\w.\-/])\d+(?:\.\d+)?(?![\w\-/]|\.\d)")


def figures_section(readme: str) -> str:
    return readme.split(SECTION, 1)[1].split("\n## ", 1)[0]


def quotes(section: str) -> list[tuple[str, str, list[str]]]:
    """(text, cited file, numbers) for every table row or paragraph of the section that quotes a
    number: for a table row the numbers of its figure column, for a paragraph all of them."""
    found: list[tuple[str, str, list[str]]] = []
    blocks: list[str] = []
    for paragraph in section.strip().split("\n\n"):
        if paragraph.lstrip().startswith("|"):
            blocks.extend(line for line in paragraph.splitlines() if not re.match(r"^\|[\s|:-]+\|$", line))
        else:
            blocks.append(paragraph)
    for block in blocks:
        if block.startswith("|"):
            cells = [c.strip() for c in block.strip("|").split("|")]
            if cells[:2] == ["what", "figure"]:
                continue
            text = cells[1]
        else:
            text = LINK.split(block)[0]  # the numbers before the citation
        numbers = NUMBER.findall(_without_links(text))
        links = LINK.findall(block)
        found.append((block, links[0] if links else "", numbers))
    return [q for q in found if q[2]]


def _without_links(text: str) -> str:
    return re.sub(r"\[[^\]]*\]\([^)]*\)", "", text)


def _places(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def quoted_in(number: str, document: str) -> bool:
    """Whether the document says ``number``: a value given to at least as many decimals that
    rounds to it."""
    wanted = Decimal(number)
    places = _places(wanted)
    for token in NUMBER.findall(document) + re.findall(r"\d+\.\d+", document):
        value = Decimal(token)
        if _places(value) >= places and value.quantize(Decimal(1).scaleb(-places)) == wanted:
            return True
    return False


def test_the_figures_section_quotes_measurements_with_their_files() -> None:
    cited = quotes(figures_section(README.read_text(encoding="utf-8")))
    assert len(cited) >= 6, cited
    uncited = [text for text, link, _ in cited if not link]
    assert uncited == [], "quote the file each figure comes from"


@pytest.mark.parametrize(
    ("text", "link", "numbers"),
    quotes(figures_section(README.read_text(encoding="utf-8"))),
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_each_quoted_figure_is_in_the_file_it_cites(text: str, link: str, numbers: list[str]) -> None:
    if not link:
        pytest.fail(f"no benchmark file cited for: {text}")
    document = (ROOT / link).read_text(encoding="utf-8")
    stale = [n for n in numbers if not quoted_in(n, document)]
    assert stale == [], f"{link} does not say {stale} (quoted as: {text})"


@pytest.mark.parametrize(
    ("number", "document", "expected"),
    [
        ("42.9", "| too_far | 59 | 42 | 71.2 % | 39.3 % |", False),
        ("71.2", "| too_far | 59 | 42 | 71.2 % | 39.3 % |", True),
        ("100", "| glass_shatter | 100.0 |", True),
        ("99.0", "| blurred | 99 |", False),  # the file does not say it to one decimal
        ("8.5", "dent AP50 8.46", True),
        ("35", "AP50-95 35.5", False),
    ],
)
def test_a_quoted_number_matches_at_its_own_precision(number: str, document: str, expected: bool) -> None:
    assert quoted_in(number, document) is expected


def test_numbers_inside_names_versions_and_ranges_are_not_figures() -> None:
    assert NUMBER.findall("YOLO26n 1.0.0 AP50-95 DCN+ R101 YOLOv8s 2-core 47.4 ms, 100 % of 884") == [
        "47.4",
        "100",
        "884",
    ]
