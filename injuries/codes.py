"""The injury code lists of DOMAIN.md ("Code lists for injury registrations") and age bands.

The lists are stored as data (`injuries.models.Code`); this module is the seed
they start from and the fixed set of list names.
"""

from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CodeListName(models.TextChoices):
    CONTACT_CAUSE = "contact_cause", _("Contact cause")
    PLACE = "place", pgettext_lazy("injury", "Place")
    ACTIVITY = "activity", _("Activity")
    MECHANISM = "mechanism", _("Mechanism")
    SEVERITY = "severity", _("Severity")
    TRANSPORT = "transport", _("Transport")


# list -> [(code, label_nb, label_en)]; Swedish labels in SEED_SV below
SEED_VERSION = "FMDS-2024"
SEED: dict[str, list[tuple[str, str, str]]] = {
    "contact_cause": [
        ("accident", "Ulykkesskade", "Accident"),
        ("violence", "Vold, overfall", "Violence, assault"),
        ("self_harm", "Villet egenskade", "Intentional self-harm"),
        (
            "legal_intervention",
            "Lovhjemlet inngripen, krigshandling",
            "Legal intervention, war",
        ),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "place": [
        ("home_inside", "Bolig inne", "Home, inside"),
        ("home_outside", "Bolig ute", "Home, outside"),
        ("sports_area", "Sport-/idrettsområde", "Sports area"),
        (
            "road",
            "Vei, gate, fortau – ikke trafikkulykke",
            "Road, not a traffic accident",
        ),
        ("road_traffic", "Vei – trafikkulykke", "Road traffic accident"),
        ("nature_water", "Fri natur, hav, sjø og vann", "Nature, sea, lakes"),
        ("school", "Skole, barnehage, SFO", "School, kindergarten"),
        ("institution", "Institusjon, syke-/aldershjem", "Institution, nursing home"),
        ("playground", "Lekeplass", "Playground"),
        ("farm_forest", "Jordbruk, skogbruk", "Farming, forestry"),
        ("other", "Annet", "Other"),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "activity": [
        ("paid_work", "Inntektsgivende arbeid", "Paid work"),
        ("education", "Utdanning", "Education"),
        ("sport_education", "Idrett i utdanning", "Sport in education"),
        ("sport_leisure", "Idrett i fritid", "Sport in leisure"),
        ("outdoor", "Friluftsliv, jakt, fiske", "Outdoor life, hunting, fishing"),
        ("other", "Annen aktivitet", "Other activity"),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "mechanism": [
        ("A", "Annen", "Other"),
        ("B", "Kutt, bitt, stikk, skutt", "Cut, bite, stab, shot"),
        ("C", "Klemt, fanget, knust", "Crushed, caught"),
        ("D", "Kvelning, drukning", "Suffocation, drowning"),
        ("F1", "Fall fra høyde", "Fall from height"),
        ("F2", "Fall på samme nivå", "Fall on same level"),
        ("G", "Åpen ild, flamme, røyk", "Fire, flame, smoke"),
        ("O", "Akutt overbelastning", "Acute overexertion"),
        ("P", "Sammenstøt, påkjørsel", "Collision, struck"),
        ("U", "Ukjent", "Unknown"),
    ],
    "severity": [
        ("minor", "Liten (AIS 1)", "Minor"),
        ("moderate", "Moderat (AIS 2)", "Moderate"),
        ("serious", "Alvorlig (AIS 3+)", "Serious"),
        ("unknown", "Ukjent", "Unknown"),
    ],
    "transport": [
        ("pedestrian", "Til fots", "Pedestrian"),
        ("bicycle", "Sykkel", "Bicycle"),
        ("e_scooter", "Elsparkesykkel", "E-scooter"),
        ("moped_mc", "Moped, motorsykkel", "Moped, motorcycle"),
        ("car", "Bil", "Car"),
        ("bus", "Buss", "Bus"),
        ("other", "Annet", "Other"),
    ],
}

# list -> {code: Swedish label}; the same lists as SEED, in Swedish.
SEED_SV: dict[str, dict[str, str]] = {
    "contact_cause": {
        "accident": "Olycksfall",
        "violence": "Övergrepp av annan person",
        "self_harm": "Avsiktligt självdestruktiv handling",
        "legal_intervention": "Legalt ingripande, krigshandling",
        "unknown": "Okänd",
    },
    "place": {
        "home_inside": "Bostad, inomhus",
        "home_outside": "Bostad, utomhus",
        "sports_area": "Område för idrott och sport",
        "road": "Väg, gata, trottoar – ej trafikolycka",
        "road_traffic": "Väg – trafikolycka",
        "nature_water": "Friluftsområde, hav, sjö, vattendrag",
        "school": "Skola, förskola, fritidshem",
        "institution": "Institution, vård- och omsorgsboende",
        "playground": "Lekplats",
        "farm_forest": "Jordbruk, skogsbruk",
        "other": "Annan plats",
        "unknown": "Okänd",
    },
    "activity": {
        "paid_work": "Förvärvsarbete",
        "education": "Utbildning",
        "sport_education": "Idrott i utbildning",
        "sport_leisure": "Idrott på fritiden",
        "outdoor": "Friluftsliv, jakt, fiske",
        "other": "Annan aktivitet",
        "unknown": "Okänd",
    },
    "mechanism": {
        "A": "Annan",
        "B": "Skärsår, bett, stick, skott",
        "C": "Klämd, fastklämd, krossad",
        "D": "Kvävning, drunkning",
        "F1": "Fall från höjd",
        "F2": "Fall i samma plan",
        "G": "Öppen eld, lågor, rök",
        "O": "Akut överansträngning",
        "P": "Kollision, påkörning",
        "U": "Okänd",
    },
    "severity": {
        "minor": "Lindrig (AIS 1)",
        "moderate": "Måttlig (AIS 2)",
        "serious": "Allvarlig (AIS 3+)",
        "unknown": "Okänd",
    },
    "transport": {
        "pedestrian": "Till fots",
        "bicycle": "Cykel",
        "e_scooter": "Elsparkcykel",
        "moped_mc": "Moped, motorcykel",
        "car": "Bil",
        "bus": "Buss",
        "other": "Annat färdsätt",
    },
}

# Codes that mean "not known", per list: the data-quality measure.
UNKNOWN_CODES = {
    "contact_cause": "unknown",
    "place": "unknown",
    "activity": "unknown",
    "mechanism": "U",
    "severity": "unknown",
}


class AgeBand(models.TextChoices):
    """Age bands used in statistics and in initiative targets (inclusive bounds)."""

    A0_4 = "0-4", _("0–4 years")
    A5_14 = "5-14", _("5–14 years")
    A15_24 = "15-24", _("15–24 years")
    A25_44 = "25-44", _("25–44 years")
    A45_64 = "45-64", _("45–64 years")
    A65_79 = "65-79", _("65–79 years")
    A80 = "80+", _("80 years and older")


AGE_BAND_BOUNDS: dict[str, tuple[int, int]] = {
    "0-4": (0, 4),
    "5-14": (5, 14),
    "15-24": (15, 24),
    "25-44": (25, 44),
    "45-64": (45, 64),
    "65-79": (65, 79),
    "80+": (80, 120),
}


@cache
def age_band_for(age: int) -> str:
    for band, (low, high) in AGE_BAND_BOUNDS.items():
        if low <= age <= high:
            return band
    raise ValueError(age)
