"""`kanten verify`: what to check, where to read each source, and the report's records.

For every source the selected facts and organisations rest on, the page is fetched (`net`)
or read from a saved copy, its text extracted (`verify`), and each quote (primary sources)
or evidence (secondary ones) looked for in it. Imported only by the verify command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from kanten_cli.base.errors import (
    ExitCode,
    Interrupted,
    KantenError,
    NotFound,
    OutputError,
    Unreachable,
    UsageError,
    os_reason,
)
from kanten_cli.base.matching import did_you_mean
from kanten_cli.base.translate import N_, _, ngettext, translated
from kanten_cli.facts.model import Fact, Organisation
from kanten_cli.query.index import Index, unknown_id
from kanten_cli.sources import net
from kanten_cli.sources.pages import (
    PageText,
    Saved,
    decode,
    html_text,
    looks_like_html,
    plain_text,
    read_saved,
    saved_file,
)

Record = dict[str, Any]
Field = Literal["quote", "evidence", "kind_evidence", "description_evidence"]
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Check:
    """One quote or piece of evidence to look for (`words`), or an item that has none: `words` None,
    and `field` None when either a quote or evidence could have been given."""

    type: Literal["fact", "organisation"]
    id: str
    source: str
    role: str | None
    field: Field | None
    words: str | None


@dataclass(frozen=True)
class Where:
    """Where a source's page is read: an http(s) address or a file given with --source."""

    address: str
    is_file: bool = False


@dataclass(frozen=True)
class Got:
    """A source's page, or why there is none."""

    text: str | None
    reason: str | None = None
    fetched_at: str | None = None
    redirected_to: str | None = None
    copy_of: str | None = None  # for a file --save wrote: the address it was fetched from


class Progress(Protocol):
    """What the command shows while pages are fetched."""

    def start(self, total: int) -> None: ...

    def advance(self, url: str) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, url: str) -> None:
        pass


# --- what to check -----------------------------------------------------------------------------


def checks(index: Index, ids: Sequence[str]) -> list[Check]:
    """The checks for `ids` (facts, organisations; a derived fact stands for its inputs), or for
    every fact and organisation when `ids` is empty. An unknown id is a usage error."""
    if not ids:
        items: list[Fact | Organisation] = [*index.project.facts, *index.project.organisations]
    else:
        items = []
        for ident in ids:
            if ident in index.organisations:
                items.append(index.organisations[ident])
            elif ident in index.facts:
                items.extend(_resting(index, index.facts[ident]))
            else:
                raise unknown_id(index, ident, ExitCode.USAGE)
    found: dict[Check, None] = {}
    for item in items:
        found.update(dict.fromkeys(_checks_of(item)))
    return list(found)


def _resting(index: Index, fact: Fact) -> list[Fact]:
    """The fact itself, or for a derived one the facts with a source that it rests on."""
    if fact.kind != "derived":
        return [fact]
    out: list[Fact] = []
    stack, seen = list(reversed(fact.inputs)), set()
    while stack:
        inner = index.facts[stack.pop()]
        if inner.id in seen:
            continue
        seen.add(inner.id)
        if inner.kind == "derived":
            stack.extend(reversed(inner.inputs))
        else:
            out.append(inner)
    return out


def _checks_of(item: Fact | Organisation) -> list[Check]:
    if isinstance(item, Fact):
        if item.source is None:
            return []  # derived: checked through its inputs
        return _claims("fact", item.id, item.source, None, item.quote, item.evidence)
    found = [
        check
        for claim in item.roles
        for check in _claims("organisation", item.id, claim.source, claim.role, claim.quote, claim.evidence)
    ]
    if item.kind_source is not None:
        found.append(Check("organisation", item.id, item.kind_source, None, "kind_evidence", item.kind_evidence))
    if item.description_source is not None:
        words = item.description_evidence
        found.append(Check("organisation", item.id, item.description_source, None, "description_evidence", words))
    for also in item.description_also:
        found.append(Check("organisation", item.id, also.source, None, "description_evidence", also.evidence))
    return found


def _claims(
    kind: Literal["fact", "organisation"],
    ident: str,
    source: str,
    role: str | None,
    quote: str | None,
    evidence: str | None,
) -> list[Check]:
    given: tuple[tuple[Field, str | None], ...] = (("quote", quote), ("evidence", evidence))
    words = [(f, w) for f, w in given if w]
    if not words:
        return [Check(kind, ident, source, role, None, None)]
    return [Check(kind, ident, source, role, field, text) for field, text in words]


# --- where each source is read ---------------------------------------------------------------


def parse_sources(index: Index, options: Sequence[str]) -> dict[str, Where]:
    """`--source ID=PATH_OR_URL` options, checked: a known source id, an existing file or an
    http(s) address."""
    chosen: dict[str, Where] = {}
    for option in options:
        ident, sep, value = option.partition("=")
        ident, value = ident.strip(), value.strip()
        if not sep or not ident or not value:
            raise UsageError(_("--source {option!r}: expected SOURCE_ID=PATH_OR_URL").format(option=option))
        if ident not in index.sources:
            hint = did_you_mean(ident, index.sources) or _("; sources: {ids}").format(ids=", ".join(index.sources))
            raise UsageError(
                _("--source {option!r}: no source {ident!r}{hint}").format(option=option, ident=ident, hint=hint)
            )
        if "://" in value or value.lower().startswith(("file:", "data:", "ftp:")):
            try:
                net.check_scheme(value)
            except net.FetchError as err:
                raise UsageError(
                    _("--source {option!r}: {reason}").format(option=option, reason=translated(str(err)))
                ) from None
            chosen[ident] = Where(value)
        else:
            path = Path(value)
            if not path.is_file():
                raise UsageError(_("--source {option!r}: no such file").format(option=option))
            chosen[ident] = Where(str(path), is_file=True)
    return chosen


def places(index: Index, todo: Sequence[Check], given: dict[str, Where]) -> dict[str, Where | None]:
    """Per source with something to check, in the data's order: where to read it (None: nowhere).

    A copy given for one source serves every source at the same address (the article quoted
    and the same article restated are one page), unless that source was given its own.
    """
    needed = {c.source for c in todo if c.words is not None}
    by_address = {
        index.sources[ident].url: where for ident, where in given.items() if index.sources[ident].url is not None
    }
    out: dict[str, Where | None] = {}
    for source in index.project.sources:
        if source.id in needed:
            shared = by_address.get(source.url) if source.url else None
            out[source.id] = given.get(source.id) or shared or (Where(source.url) if source.url else None)
    return out


# --- getting the pages ---------------------------------------------------------------------------


def get_pages(
    wheres: dict[str, Where | None], timeout: float, progress: Progress
) -> tuple[dict[str, Got], dict[str, Saved]]:
    """Every source's text, and each text that was read as `--save` would keep it, by source id."""
    urls = [w.address for w in wheres.values() if w is not None and not w.is_file]
    progress.start(len(set(urls)))
    fetched = net.fetch_all(urls, timeout, progress.advance)  # net.Interrupted on Ctrl-C
    got: dict[str, Got] = {}
    pages: dict[str, Saved] = {}
    for ident, where in wheres.items():
        if where is None:
            got[ident] = Got(None, N_("no address; give one with --source {ident}=PATH_OR_URL", ident=ident))
            continue
        if where.is_file:
            got[ident] = page = _read_file(Path(where.address))
            # A copy --save wrote keeps the address and time it was fetched; any other file is
            # named by its path, with the time kanten read it.
            address = page.copy_of or where.address
            when = page.fetched_at if page.copy_of and page.fetched_at else net.now()
        else:
            result = fetched[where.address]
            if isinstance(result, net.FetchError):
                got[ident] = Got(None, str(result))
                continue
            got[ident] = page = _page_text(result)
            address, when = result.url, result.fetched_at
        if page.text is not None:
            pages[ident] = Saved(address, when, page.text, page.redirected_to)
    return got, pages


def _page_text(page: net.Page) -> Got:
    redirected = page.final_url if page.final_url != page.url else None
    media = page.content_type
    if media is not None and media not in (*HTML_TYPES, "text/plain"):
        return Got(None, N_("not an HTML or text page ({media})", media=media), page.fetched_at, redirected)
    text = decode(page.body, page.charset)
    html = media in HTML_TYPES or (media is None and looks_like_html(text))
    return Got(html_text(text) if html else plain_text(text), None, page.fetched_at, redirected)


def _read_file(path: Path) -> Got:
    try:
        with path.open("rb") as handle:
            body = handle.read(net.MAX_BYTES + 1)
    except OSError as err:
        return Got(None, N_("cannot read {path}: {reason}", path=str(path), reason=os_reason(err)))
    if len(body) > net.MAX_BYTES:
        return Got(None, N_("{path} is larger than {size} MB", path=str(path), size=net.MAX_BYTES // (1024 * 1024)))
    text = decode(body, None)
    saved = read_saved(text)
    if saved is not None:
        return Got(plain_text(saved.text), None, saved.fetched_at or None, saved.redirected_to, saved.address or None)
    html = path.suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(text)
    return Got(html_text(text) if html else plain_text(text))


def save_pages(directory: Path, pages: dict[str, Saved]) -> list[Path]:
    """Write each page's text that was read (fetched, or from a file given with --source) to
    DIRECTORY/<source id>.txt, with its address and time."""
    written = []
    try:
        for ident, page in pages.items():
            path = directory / f"{ident}.txt"
            path.write_text(saved_file(page), encoding="utf-8")
            written.append(path)
    except OSError as err:
        raise OutputError(
            _("cannot save pages in {directory}: {reason}").format(directory=directory, reason=os_reason(err))
        ) from None
    return written


def _make_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            _("cannot save pages in {directory}: {reason}").format(directory=directory, reason=os_reason(err))
        ) from None


# --- the report --------------------------------------------------------------------------------


def report(index: Index, todo: Sequence[Check], wheres: dict[str, Where | None], got: dict[str, Got]) -> list[Record]:
    """Per source: one record about its page, then one per check. Sources with nothing to check
    come last, with their unchecked items."""
    rows: list[Record] = []
    order = [s.id for s in index.project.sources]
    by_source: dict[str, list[Check]] = {}
    for check in todo:
        by_source.setdefault(check.source, []).append(check)
    for ident in sorted(by_source, key=lambda s: (s not in wheres, order.index(s))):
        page = got.get(ident)
        text = PageText(page.text) if page is not None and page.text is not None else None
        checked = [_check_record(c, text, page) for c in by_source[ident]]
        rows.append(_source_record(ident, wheres.get(ident), page, checked))
        rows.extend(checked)
    return rows


def _check_record(check: Check, page: PageText | None, got: Got | None) -> Record:
    record: Record = {"type": check.type, "id": check.id, "source": check.source, "role": check.role}
    record["field"] = check.field
    closest = diff = reason = None
    if check.words is None:
        status, reason = "unchecked", N_("no quote or evidence to check")
    elif page is None:
        status, reason = "unreachable", got.reason if got is not None else None
    else:
        found = page.find(check.words)
        status, closest, diff = found.status, found.closest, found.diff
    record.update(status=status, reason=reason, expected=check.words, closest=closest, diff=diff)
    return record


STATUSES = ("verified", "changed", "unreachable", "unchecked")


def _source_record(ident: str, where: Where | None, got: Got | None, checked: list[Record]) -> Record:
    reason: str | None
    if where is None and got is None:
        status, reason = "skipped", N_("nothing to check: no quote or evidence")
    elif got is None or got.text is None:
        status, reason = "unreachable", got.reason if got is not None else None
    else:
        status, reason = "read", None if got.text else N_("no text on the page")
    counts = {name: sum(1 for r in checked if r["status"] == name) for name in STATUSES}
    return {
        "type": "source",
        "id": ident,
        "source": ident,
        "status": status,
        "address": where.address if where is not None else None,
        "copy_of": got.copy_of if got is not None else None,
        "redirected_to": got.redirected_to if got is not None else None,
        "fetched_at": got.fetched_at if got is not None else None,
        "reason": reason,
        "checked": counts["verified"] + counts["changed"] + counts["unreachable"],
        **counts,
    }


def outcome(rows: Sequence[Record]) -> KantenError | None:
    """The error to exit with after the report: a change (1) outweighs a page not reached (6)."""
    changed = [r["id"] for r in rows if r["type"] != "source" and r["status"] == "changed"]
    missed = [r for r in rows if r["type"] == "source" and r["status"] == "unreachable"]
    if changed:
        names = ", ".join(dict.fromkeys(changed))
        found = ngettext(
            "{count} quote or evidence not found: {names}",
            "{count} quotes or evidence not found: {names}",
            len(changed),
        ).format(count=len(changed), names=names)
        if missed:
            found += ngettext(
                "; {count} page could not be read", "; {count} pages could not be read", len(missed)
            ).format(count=len(missed))
        return NotFound(found)
    if missed:
        where = "; ".join(
            f"{r['id']} ({r['address'] or _('no address')}): {translated(r['reason'] or '')}" for r in missed
        )
        return Unreachable(
            ngettext(
                "could not read {count} page: {where}", "could not read {count} pages: {where}", len(missed)
            ).format(count=len(missed), where=where)
        )
    return None


def interrupted(todo: Sequence[Check], wheres: dict[str, Where | None], waiting: Sequence[str]) -> Interrupted:
    """What Ctrl-C left undone while pages were fetched: every check, as none has been made yet,
    and the sources whose address had not answered (the address itself when there is one)."""
    stuck = [ident for ident, where in wheres.items() if where is not None and where.address in waiting]
    count = sum(1 for c in todo if c.source in stuck and c.words is not None)
    what = ngettext("{count} quote or evidence", "{count} quotes and evidence", count).format(count=count)
    on = ngettext("{count} source", "{count} sources", len(stuck)).format(count=len(stuck))
    ids = ", ".join(stuck)
    if len(stuck) > 3:
        ids = _("{ids} and {count} more").format(ids=", ".join(stuck[:3]), count=len(stuck) - 3)
    if len(waiting) == 1:
        message = ngettext(
            "interrupted: nothing was checked; {what} on {sources} ({ids}) was waiting for {address}",
            "interrupted: nothing was checked; {what} on {sources} ({ids}) were waiting for {address}",
            count,
        ).format(what=what, sources=on, ids=ids, address=waiting[0])
    else:
        message = ngettext(
            "interrupted: nothing was checked; {what} on {sources} ({ids}) was waiting for {pages} pages",
            "interrupted: nothing was checked; {what} on {sources} ({ids}) were waiting for {pages} pages",
            count,
        ).format(what=what, sources=on, ids=ids, pages=len(waiting))
    return Interrupted(message)


def run(
    index: Index,
    ids: Sequence[str],
    source_options: Sequence[str],
    timeout: float,
    save: Path | None,
    progress: Progress | None = None,
) -> list[Record]:
    """Check the selected facts and organisations against their pages; the report's records."""
    todo = checks(index, ids)
    given = parse_sources(index, source_options)
    wheres = places(index, todo, given)
    if save is not None:
        _make_dir(save)  # before any fetch: a directory that cannot be made fails at once
    try:
        got, pages = get_pages(wheres, timeout, progress or NoProgress())
    except net.Interrupted as stopped:
        raise interrupted(todo, wheres, stopped.waiting) from None
    if save is not None:
        save_pages(save, pages)
    return report(index, todo, wheres, got)
