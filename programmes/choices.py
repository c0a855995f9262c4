"""Fixed choice lists of the programmes app: roles, sectors, arenas, tags."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    TECHNICAL = "technical", _("Technical services")
    CULTURE = "culture", _("Culture")
    POLICE = "police", _("Police")
    FIRE_RESCUE = "fire_rescue", _("Fire and rescue")
    VOLUNTARY = "voluntary", _("Voluntary organisations")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair (mayor)")
    COUNCILLOR = "councillor", _("Councillor")
    MUNICIPAL_DIRECTOR = "municipal_director", _("Municipal director")
    SECTOR_MANAGER = "sector_manager", _("Sector manager")
    POLICE = "police", _("Police / sheriff")
    COORDINATOR = "coordinator", _("Coordinator")
    OTHER = "other", _("Other")


class Arena(models.TextChoices):
    HOME = "home", _("Home")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    SCHOOL = "school", _("School")
    TRAFFIC = "traffic", _("Traffic")
    SPORTS = "sports", _("Sports")
    OUTDOORS = "outdoors", _("Outdoors")
    WORKPLACE = "workplace", _("Workplace")
    NURSING_HOME = "nursing_home", _("Nursing home")
    PUBLIC_SPACE = "public_space", _("Public space")
    LEISURE = "leisure", _("Leisure and nightlife")
    OTHER = "other", _("Other")


class MeasureType(models.TextChoices):
    ATTITUDE = "attitude", _("Attitude-building")
    BEHAVIOUR = "behaviour", _("Behaviour-changing")
    STRUCTURAL = "structural", _("Structural")


class SmartPrinciple(models.TextChoices):
    """The principles of SMART upbringing (Re municipality)."""

    STRENGTHS = "strengths", _("Strengths")
    PARTICIPATION = "participation", _("Participation")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    RELATIONS = "relations", _("Relations")
    TRAINING = "training", _("Training")


class WellbeingWord(models.TextChoices):
    """GIRFEC's eight wellbeing indicators (SHANARRI)."""

    SAFE = "safe", _("Safe")
    HEALTHY = "healthy", _("Healthy")
    ACHIEVING = "achieving", _("Achieving")
    NURTURED = "nurtured", _("Nurtured")
    ACTIVE = "active", _("Active")
    RESPECTED = "respected", _("Respected")
    RESPONSIBLE = "responsible", _("Responsible")
    INCLUDED = "included", _("Included")


class PartnerKind(models.TextChoices):
    PUBLIC = "public", _("Public body")
    POLICE = "police", _("Police district")
    INSURER = "insurer", _("Insurer")
    NGO = "ngo", _("Voluntary organisation")
    UNIVERSITY = "university", _("University or research")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")
