"""The overview (bare `kanten`): the project at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from kanten_cli.output import palette
from kanten_cli.output.i18n import format_period, label
from kanten_cli.output.table.layout import NARROW, SEP
from kanten_cli.output.table.painter import Painter
from kanten_cli.output.text import visible
from kanten_cli.output.views import value_cell

Record = dict[str, Any]
Part = tuple[str, str]  # (text, style)


class OverviewPainter(Painter):
    def glance(self, data: Record) -> None:
        self.title(data["title"])
        keys: tuple[str, ...] = (
            "period",
            "partners",
            "funding",
            "figures",
            "targets",
            "conclusion",
            "recommendation",
            "article",
            "next",
        )
        room = max(cell_len(label(f"overview.{k}")) for k in keys) + 2
        if self.width < NARROW:
            room = 2  # labels on lines of their own, what they label indented below them
        for number, rec in enumerate(data["periods"]):
            when = format_period(rec["date"], rec["end_date"])
            self._labelled(
                label("overview.period") if number == 0 else "",
                room,
                [(when + ":", ""), (rec["id"], palette.ID), *self._marker(rec)],
            )
        self._labelled(label("overview.partners"), room, [(self._who(data["organisations"]), "")])
        funding = data.get("funding")
        if funding:  # the grant and who gave it (by name where it fits), with its source
            grant = funding["fact"]
            amount = value_cell(grant)
            text = label("overview.granted").format(amount=amount, funders=", ".join(funding["funders"]))
            if room + cell_len(text) + 50 > self.width:  # one line: "Who" names the funder already
                text = f"{amount}:"
            parts = [(visible(text), ""), (grant["id"], palette.ID), *self._marker(grant)]
            self._labelled(label("overview.funding"), room, parts)
        both = [*data["figures"], *data["targets"]]  # one set of columns for the two lists
        widths = (
            max((cell_len(value_cell(r)) for r in both), default=0) + SEP,
            max((cell_len(r["id"]) for r in both), default=0) + SEP,
        )
        self._figures(label("overview.figures"), data["figures"], room, widths)
        # the targets' caveats say at length that they measure something else: one line here
        self._figures(label("overview.targets"), data["targets"], room, widths, notes=False)
        if any(r.get("caveat") for r in data["targets"]):
            self.paragraph([(label("overview.measures"), palette.NOTE)], room, room)
        for key in ("conclusion", "recommendation"):
            rec = data[key]
            if rec:
                self._labelled(label(f"overview.{key}"), room, [(visible(rec["text"]), ""), *self._marker(rec)])
        article = data["article"]
        if article:
            parts = [(visible(str(article[k])) + ",", "") for k in ("title", "publisher") if article.get(k)]
            if article.get("date"):
                parts.append((format_period(article["date"], None), ""))
            self._labelled(label("overview.article"), room, parts or [(article["id"], palette.ID)])
            if article.get("url"):
                self.line((" " * room, ""), (visible(article["url"]), palette.LINK))
        commands = ["kanten results", "kanten partners", "kanten show ID"]
        self._labelled(label("overview.next"), room, [(" · ".join(commands), palette.HEADING)])

    def _who(self, by_role: dict[str, list[str]]) -> str:
        """Every name once, in order, with the roles that set it apart: 'Cabi (lead), VIVE (evaluator)'."""
        roles: dict[str, list[str]] = {}
        for role, names in by_role.items():
            for name in names:
                roles.setdefault(name, [])
                if role in ("lead", "funder", "evaluator"):
                    roles[name].append(label(f"role.{role}"))
        return ", ".join(visible(n) + (f" ({', '.join(r)})" if r else "") for n, r in roles.items()) + "."

    def _marker(self, rec: Record) -> list[Part]:
        kind = label(f"kind.{rec['kind']}")
        sources = ", ".join(rec.get("sources") or [])
        return [(f"({kind}{',' if sources else ')'}", palette.kind(rec["kind"]))] + (
            [(visible(sources) + ")", palette.NOTE)] if sources else []
        )

    def _labelled(self, name: str, room: int, parts: list[Part]) -> None:
        """`parts` wrapped in the room right of `name`; under it when the name does not fit there."""
        if cell_len(name) >= room:
            self.line((name, palette.HEADING))
            name = ""
        start = len(self.lines)
        self.paragraph(parts, room, room)
        if start < len(self.lines) and name:
            first = self.lines[start]
            rest = first[room:]
            # The label alone is a heading: a Text styled as a whole would lend its style to the
            # rest of the line, and the first line of the entry would differ from the others.
            head = Text.assemble((name + " " * (room - cell_len(name)), palette.HEADING))
            self.lines[start] = head + rest

    def _figures(
        self, heading: str, rows: Sequence[Record], room: int, widths: tuple[int, int], notes: bool = True
    ) -> None:
        """Figures as value, id and kind, one a line beside `heading`; caveats as footnotes. The
        readings of one ambiguous sentence follow a line that says so (with that sentence's footnote)."""
        if not rows:
            return
        values = [value_cell(r) for r in rows]
        first, second = widths
        footnotes: list[str] = []
        marks: dict[str, str] = {}  # id -> its footnote marker
        if cell_len(heading) >= room:
            self.line((heading, palette.HEADING))
            heading = ""
        reading = None
        for number, (rec, value) in enumerate(zip(rows, values, strict=True)):
            head = heading if number == 0 else ""
            if rec.get("reading_of") and rec["reading_of"] != reading:
                sentence = visible(rec["reading_of"]) + marks.get(rec["reading_of"], "")
                said = label("overview.readings").format(id=sentence)
                if head:
                    self.line((head, palette.HEADING))
                    head = ""
                self.paragraph([(said, palette.NOTE)], room, room + 2)
            reading = rec.get("reading_of")
            lead = (head + " " * (room - cell_len(head)), palette.HEADING)
            kind = label(f"kind.{rec['kind']}")
            marker = ""
            if notes and rec.get("caveat") and rec["kind"] != "derived":
                footnotes.append(visible(rec["caveat"]))
                marker = f" [{len(footnotes)}]"
                marks[rec["id"]] = marker
            if room + first + second + cell_len(kind + marker) <= self.width:
                self.line(
                    lead,
                    (value + " " * (first - cell_len(value)), ""),
                    (rec["id"] + " " * (second - cell_len(rec["id"])), palette.ID),
                    (kind, palette.kind(rec["kind"])),
                    (marker, palette.NOTE),
                )
            else:
                self.line(lead, (value, ""))
                parts = [(rec["id"], palette.ID), (kind, palette.kind(rec["kind"])), (marker, palette.NOTE)]
                self.paragraph(parts, room + 2, room + 4)
        for number, note in enumerate(footnotes, 1):
            self.paragraph([(f"[{number}]", palette.NOTE), (note, palette.NOTE)], room, room + 4)

    # the chart
