"""The eight steps, their default requirements and the safety checklist (DOMAIN.md)."""

from django.db import migrations

STEPS = [
    # number, nb, en, phase, requirements: (nb, en, required)
    (1, "Etablering", "Establishment", "start_up", [
        ("Intensjonsavtale signert av ordfører og kommunedirektør",
         "Letter of intent signed by the mayor and the chief executive", True),
        ("Vedtak i kommunestyret", "Council decision", True),
        ("Koordinator er utnevnt", "Coordinator appointed", True),
        ("Tverrsektoriell styringsgruppe er etablert",
         "Cross-sector management group constituted", True),
    ]),
    (2, "Kartlegging", "Mapping", "start_up", [
        ("Oversikt over skader og ulykker fra registreringer og andre kilder",
         "Injury and accident overview from registrations and other sources", True),
        ("Risikokartlegging (trygghetsvandringer, undersøkelser som Ungdata)",
         "Risk mapping (safety walks, surveys such as Ungdata)", True),
    ]),
    (3, "Prioritering", "Prioritising", "start_up", [
        ("Prioriterte innsatsområder med begrunnelse (risikoprofil)",
         "Prioritised focus areas with reasons (the risk profile)", True),
    ]),
    (4, "Forankring", "Anchoring in plans", "quality_wheel", [
        ("Trygge lokalsamfunn er forankret i kommuneplanen eller folkehelseoversikten",
         "Safe Community anchored in the municipal plan or public-health overview",
         True),
        ("Sikkerhetsprofil (kommuneprofil, risikoprofil, sjekkliste) – sendes inn "
         "på sikkerhetsprofilsiden",
         "Safety profile (municipal profile, risk profile, safety checklist) – "
         "submitted on the safety profile page", False),
    ]),
    (5, "Organisering", "Organising", "quality_wheel", [
        ("Arbeidsgrupper for det videre arbeidet", "Working groups for the further work",
         True),
        ("Samarbeidspartnere", "Partners", True),
        ("Ressurser til arbeidet", "Resources for the work", True),
    ]),
    (6, "Medvirkning", "Participation and information", "quality_wheel", [
        ("Innbyggere og organisasjoner er involvert",
         "Residents and organisations involved", True),
        ("Informasjon til innbyggerne", "Information to the public", True),
    ]),
    (7, "Iverksetting", "Implementation", "quality_wheel", [
        ("Tiltak gjennomført for hvert innsatsområde",
         "Initiatives carried out for each focus area", True),
    ]),
    (8, "Rapportering", "Reporting", "quality_wheel", [
        ("Evaluering av tiltak mot indikatorer",
         "Evaluation of initiatives against indicators", True),
        ("Årsrapport", "Annual report", True),
    ]),
]

CHECKLIST = [
    ("Oppdatert helhetlig risiko- og sårbarhetsanalyse (ROS)",
     "Up-to-date overall risk and vulnerability analysis"),
    ("Beredskapsplan som er oppdatert og øvd",
     "Emergency plan that is up to date and exercised"),
    ("Trafikksikkerhetsplan", "Traffic safety plan"),
    ("Lekeplasser og skoleanlegg kontrolleres jevnlig",
     "Playgrounds and school grounds inspected regularly"),
    ("Fallforebygging for eldre", "Fall prevention for older people"),
    ("Plan mot vold i nære relasjoner", "Plan against domestic violence"),
    ("Rusforebyggende plan", "Substance-abuse prevention plan"),
    ("Brannforebygging i boliger", "Fire prevention in homes"),
    ("Drukningsforebygging", "Drowning prevention"),
    ("Selvmordsforebyggende plan", "Suicide prevention plan"),
]


def seed(apps, schema_editor):
    Step = apps.get_model("certification", "Step")
    Requirement = apps.get_model("certification", "Requirement")
    Item = apps.get_model("certification", "SafetyChecklistItem")
    for number, nb, en, phase, requirements in STEPS:
        step, created = Step.objects.get_or_create(
            number=number, defaults={"name_nb": nb, "name_en": en, "phase": phase}
        )
        if not created:
            continue
        for order, (text_nb, text_en, required) in enumerate(requirements, start=1):
            Requirement.objects.create(
                step=step, order=order, text_nb=text_nb, text_en=text_en,
                required=required,
            )
    if not Item.objects.exists():
        for order, (text_nb, text_en) in enumerate(CHECKLIST, start=1):
            Item.objects.create(order=order, text_nb=text_nb, text_en=text_en)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
