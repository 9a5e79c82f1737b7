"""`kanten ask`."""

from __future__ import annotations

from typing import Annotated

import typer

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import N_, _
from kanten_cli.cli.layers import (
    asking,
    prepared,
    views,
)
from kanten_cli.cli.options import Output, emit, listing
from kanten_cli.output.i18n import topic_name


@listing
def ask(
    out: Output,
    question: Annotated[
        list[str],
        typer.Argument(
            metavar=N_("QUESTION"), help=N_("A question in Danish or English, quoted or as words."), show_default=False
        ),
    ],
) -> None:
    """Answer a plain question with the fact or organisation that fits.

    In Danish or English, whatever --lang is: "Hvad kostede projektet?", "Who funded it?",
    "Hvem er Cabi?". The best answer as a card (the fact's sentence, its value, kind and
    source with the quote), the question's words that matched marked; then a few others that
    are also relevant, and how to go on. The words are read as `kanten search` reads them, in any
    form, as parts of compounds and through the domain's concepts, but need not all match: a
    word few facts have counts more. --json and --format give the ranked hits (type, id, score,
    the words matched and the fact's fields).

    A question about something else gets no answer: exit code 1 and what it was taken to be
    about, the nearest topics and `kanten search`.

    Examples:

    \b
      kanten ask Hvad kostede projektet?
      kanten ask "Who funded it?"
      kanten ask hvem er cabi --lang da
      kanten ask how many got paid work --json | jq -r '.[0].id'
    """
    text = " ".join(question)
    answer = asking.ask(prepared.searchable(out.data), text)
    if not answer.answered:
        raise NotFound(_no_answer(text, answer, out))
    about = {"understood": asking.understood(answer.analysis)}
    emit(answer.records, out, views.ASK, glance=about)


def _no_answer(text: str, answer: asking.Answer, out: Output) -> str:
    """No answer: what the question was taken to be about, the nearest topics, how to search."""
    understood = ", ".join(asking.understood(answer.analysis)) or _("no word kanten knows")
    words = " ".join(t.word for t in answer.analysis.terms) or text
    if answer.topics:
        topics = ", ".join(topic_name(t) for t in answer.topics)
        return _(
            "no answer to {question!r} (understood: {understood}); nearest topics: {topics} "
            "(kanten facts --topic TOPIC); or try: kanten search {words}"
        ).format(question=text, understood=understood, topics=topics, words=words)
    return _(
        "no answer to {question!r} (understood: {understood}); the fact base is about the project "
        "'Rekruttering fra kanten' (kanten overview); or try: kanten search {words}"
    ).format(question=text, understood=understood, words=words)
