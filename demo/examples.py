"""Demo good examples (CONTRACTS 3): Re's work, published and adopted. Idempotent.

Re's cross-sector organisation (a management group chaired by the mayor,
placed high in the staff hierarchy) and SMART upbringing are published as
good examples of Tønsberg's programme, which carries on Re's work; Færder
and Horten have adopted both.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from programmes.models import GoodExample, Initiative, Programme
from programmes.services.examples import example_adopt
from safecommunity.core.models import User

from .core import NEIGHBOUR, PROTAGONIST

ADOPTERS = (NEIGHBOUR, "3901")  # Færder, Horten
SMART_INITIATIVE = "SMART-skolering av alle lærere"

ORGANISATION = {
    "title": "Tverrsektoriell organisering etter Re-modellen",
    "summary": (
        "En styringsgruppe ledet av ordføreren, høyt plassert i kommunens "
        "stab, samler sektorene, politiet og koordinatoren om ett program."
    ),
    "story": (
        "Re kommune organiserte arbeidet med Trygge lokalsamfunn fra 2006 med en "
        "styringsgruppe ledet av ordføreren, med en kommunestyrerepresentant, "
        "kommunalsjefene, lensmannen og koordinatoren. Gruppen er plassert høyt i "
        "administrasjonen, slik at tiltak blir forankret i planer og budsjett, og "
        "sektorene arbeider sammen i faste arbeidsgrupper. Tønsberg viderefører "
        "modellen etter sammenslåingen i 2020."
    ),
    "results": (
        "Alle sektorer er med i arbeidet, og tiltakene er forankret i "
        "kommuneplanen og folkehelseoversikten."
    ),
    "focus_area": "Organisering",
    "target_group": "",
    "arena": "",
}
SMART = {
    "title": "SMART oppvekst",
    "summary": (
        "Et styrkebasert program for barn og unge: Styrker, Medvirkning, "
        "Anerkjennelse, Relasjoner og Trening."
    ),
    "story": (
        "Re kommune innførte SMART oppvekst i 2011 i skoler, barnehager, "
        "helsestasjon og barnevern. Alle ansatte får opplæring i å se etter "
        "barnas styrker, la dem medvirke, anerkjenne dem, bygge relasjoner og "
        "trene på det som virker."
    ),
    "results": (
        "Mobbingen er mer enn halvert; andelen unge som er plaget av ensomhet "
        "gikk ned fra 25 % til 18 % (Ungdata 2013 til 2017); utgiftene til "
        "barnevern er redusert med om lag 8 millioner kroner siden 2014."
    ),
    "focus_area": "Barn og unge",
    "target_group": "5-14",
    "arena": "school",
}


@transaction.atomic
def seed(*, stdout=None) -> None:
    origin = Programme.objects.get(municipality__code=PROTAGONIST)
    smart = Initiative.objects.filter(programme=origin, title=SMART_INITIATIVE).first()
    proposer = User.objects.filter(username="coordinator").first()
    examples = [
        _published(origin, None, ORGANISATION, proposer),
        _published(origin, smart, SMART, proposer),
    ]
    secretariat = User.objects.get(username="admin")
    adopted = 0
    for code in ADOPTERS:
        programme = Programme.objects.filter(municipality__code=code).first()
        if programme is None:
            continue
        for example in examples:
            if not programme.initiatives.filter(adopted_from=example).exists():
                example_adopt(actor=secretariat, example=example, programme=programme)
                adopted += 1
    if stdout:
        stdout.write(f"examples: {len(examples)} published; {adopted} adoptions added")


def _published(programme, initiative, fields, proposer) -> GoodExample:
    example, _created = GoodExample.objects.update_or_create(
        programme=programme,
        title=fields["title"],
        defaults={
            **fields,
            "initiative": initiative,
            "status": GoodExample.Status.PUBLISHED,
            "proposed_by": proposer,
        },
    )
    if example.published_at is None:
        example.published_at = timezone.now()
        example.save(update_fields=["published_at"])
    return example
