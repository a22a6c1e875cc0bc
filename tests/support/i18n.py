"""Writing gettext catalogs for a test: a language's .po file in a folder laid out like har/locale/."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from har.i18n import sources


def write_po_file(folder: Path, lang: str, domain: str, texts: dict, *, fuzzy=(), plural_forms: str | None = None):
    """`folder/<lang>/LC_MESSAGES/<domain>.po` holding `texts` ({key: translation, or a tuple of plural forms});
    each msgid is the key's English from the package's catalogs unless `texts` gives (msgid, translation)."""
    catalog = Catalog(locale=lang, domain=domain, charset="UTF-8", fuzzy=False)
    english = sources()
    for key, text in texts.items():
        if isinstance(text, list):  # [msgid, translation]: a translation made from another English text
            msgid, text = text
        else:
            source = english[key]
            msgid = source.msgid if source.plural is None else (source.msgid, source.plural)
        catalog.add(msgid, text, context=key, flags=["fuzzy"] if key in fuzzy else [])
    if plural_forms:
        catalog._num_plurals, catalog._plural_expr = plural_forms
    path = folder / lang / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog)
    return path


FRENCH = {  # a few keys in French, by catalog; every other text falls back to English
    "app": {
        "nav.data": "Données",
        "data.title": "Les données",
        "train.finished": (
            "Terminé : {epochs} époque en {seconds:.1f} s. Voyez la page Comparer pour les détails.",
            "Terminé : {epochs} époques en {seconds:.1f} s. Voyez la page Comparer pour les détails.",
            "Terminé : {epochs} époques en {seconds:.1f} s. Voyez la page Comparer pour les détails.",
        ),
    },
    "settings": {"setting.lang": "Langue"},
    "board": {
        "board.summary.too_few": (
            "{setup} : {runs} exécution distincte ({published} publiée) ; il en faut au moins {need} pour conclure.",
            "{setup} : {runs} exécutions distinctes ({published} publiées) ; il en faut au moins {need} pour conclure.",
            "{setup} : {runs} exécutions distinctes ({published} publiées) ; il en faut au moins {need} pour conclure.",
        ),
    },
    "lab": {
        "lab.discuss.model": (
            "{Model} a fini à {final:.1%} après {epochs} époque.",
            "{Model} a fini à {final:.1%} après {epochs} époques.",
            "{Model} a fini à {final:.1%} après {epochs} époques.",
        ),
    },
}


def write_french(folder: Path) -> Path:
    """French catalogs for the keys of FRENCH under `folder`, as a translator would drop them there."""
    for domain, texts in FRENCH.items():
        write_po_file(folder, "fr", domain, texts)
    return folder
