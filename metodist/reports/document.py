"""The report as an official document (.docx, and .pdf printed from it): the authority over the title, the
numbered sections with their sentences as approved (or as drafted), a table of each group's indicators —
value, target, previous period, dynamics — and a chart of values against targets, then the signature."""

from io import BytesIO

from django.utils import timezone

from metodist.lib.docx import OfficialDocument
from metodist.lib.pdf import docx_to_pdf

from .facts import ReportData, group_key

TABLE_HEADER = ["№", "Показатель", "Значение", "Целевое значение", "Прошлый период", "Динамика"]
TABLE_WIDTHS = [1.2, 6.5, 2.0, 2.6, 2.1, 2.1]


def authority(report) -> str:
    if report.municipality is not None:
        return f"Управление образования муниципального образования «{report.municipality}»"
    return f"Региональный оператор мониторинга: {report.campaign.region}"


def filename(report, extension: str) -> str:
    territory = str(report.territory()).replace(" ", "-")
    return f"Аналитическая-справка-{report.campaign.period.replace('/', '-')}-{territory}.{extension}"


def build_docx(report, progress=None) -> bytes:
    campaign = report.campaign
    data = ReportData(campaign, report.municipality, report.snapshot)
    groups = {f"group:{group_key(title)}": members for title, _, members in data.groups()}
    doc = OfficialDocument(
        authority=authority(report),
        title="АНАЛИТИЧЕСКАЯ СПРАВКА",
        subtitle=f"по результатам мониторинга «{campaign.catalogue.title}» за {campaign.period} учебный год",
    )
    sections = _sections(report)
    for done, (key, title, sentences) in enumerate(sections, start=1):
        doc.heading(title)
        for sentence in sentences:
            doc.paragraph(sentence.text)
        members = groups.get(key)
        if members:
            _indicator_table(doc, members, title)
            chart = bar_chart(members)
            if chart:
                caption = f"Значения показателей и целевые значения: {title} (зелёный — цель достигнута, красный — нет)"
                doc.image(chart, width_cm=15, caption=caption)
        if progress:
            progress(done, len(sections))
    _signature(doc, report)
    return doc.bytes()


def build_pdf(report, progress=None) -> bytes:
    return docx_to_pdf(build_docx(report, progress))


def _sections(report) -> list[tuple[str, str, list]]:
    sections: dict[str, tuple[str, list]] = {}
    for sentence in report.sentences.order_by("section_order", "order", "pk"):
        if sentence.text:
            sections.setdefault(sentence.section, (sentence.section_title, []))[1].append(sentence)
    return [(key, title, sentences) for key, (title, sentences) in sections.items()]


def _indicator_table(doc, members, title: str) -> None:
    rows = [[item.shown["number"], item.shown["name"], item.shown["value"], item.shown["target"] or "—",
             item.shown["previous"] or "—", item.shown["change"] or "—"] for item in members]  # fmt: skip
    doc.table(TABLE_HEADER, rows, widths_cm=TABLE_WIDTHS, caption=f"Таблица. Показатели: {title}", numeric_from=2)


def bar_chart(members) -> bytes | None:
    """Horizontal bars of the computed shares with a target, each with its target marked; None when the group
    has none."""
    shown = [item for item in members if item.facts["has_value"] and item.facts["has_target"]
             and item.shown["value"].endswith("%")]  # fmt: skip
    if not shown:
        return None
    import matplotlib  # here, not at the top: the web process needs it only when a document is written

    matplotlib.use("Agg")  # no display on a server
    from matplotlib import pyplot as plt

    labels = [item.shown["number"] for item in shown]
    values = [float(item.facts["value"]) for item in shown]
    targets = [float(item.facts["target"]) for item in shown]
    colours = ["#2e7d32" if item.facts["met"] else "#c62828" for item in shown]
    figure, axes = plt.subplots(figsize=(7, 0.55 * len(shown) + 1.2), dpi=150)
    try:
        positions = range(len(shown))
        axes.barh(positions, values, color=colours, height=0.55, label="значение")
        axes.scatter(targets, positions, marker="|", s=400, color="#212121", label="целевое значение", zorder=3)
        for position, value in zip(positions, values, strict=True):
            axes.text(value + 1, position, f"{value:.1f}".replace(".", ",") + " %", va="center", fontsize=8)
        axes.set_yticks(list(positions), labels=[f"Показатель {label}" for label in labels], fontsize=8)
        axes.invert_yaxis()
        axes.set_xlim(0, max(100, max(values + targets) + 10))
        axes.set_xlabel("%", fontsize=8)
        axes.tick_params(axis="x", labelsize=8)
        axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / len(shown)), ncol=2,
                    frameon=False)  # fmt: skip
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = BytesIO()
        figure.savefig(buffer, format="png")
    finally:
        plt.close(figure)
    return buffer.getvalue()


def _signature(doc, report) -> None:
    if report.is_approved:
        person = report.approved_by
        name = person.get_full_name() or person.username if person else ""
        position = person.get_role_display().split(" (")[0] if person else "Ответственный"
        date_line = f"Справка утверждена {timezone.localtime(report.approved_at):%d.%m.%Y}"
    else:
        name, position = "", "Ответственный за подготовку справки"
        date_line = f"Проект справки от {timezone.localtime(report.generated_at):%d.%m.%Y} (не утверждена)"
    doc.signature(position, name, date_line)
