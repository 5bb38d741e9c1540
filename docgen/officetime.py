"""The office's day: a draft is dated in the time zone of the office that issues it.

Indonesia has three zones (Keppres 41/1987): WIB (UTC+7), WITA (UTC+8) and WIT (UTC+9).
An office's zone follows its province (``office.province``); ``DOCGEN_TIMEZONE`` (an IANA
name such as ``Asia/Makassar``), when set, overrides it for every office. Without either,
Asia/Jakarta. A server running on UTC at 20:00 is already in the next day for every office.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENV = "DOCGEN_TIMEZONE"
DEFAULT_ZONE = "Asia/Jakarta"

WIB, WITA, WIT = "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
PONTIANAK = "Asia/Pontianak"  # WIB as well; the zone database's name for West Kalimantan

PROVINCE_ZONES: dict[str, str] = {
    # Sumatera
    "aceh": WIB, "sumatera utara": WIB, "sumatera barat": WIB, "riau": WIB,
    "kepulauan riau": WIB, "jambi": WIB, "sumatera selatan": WIB,
    "kepulauan bangka belitung": WIB, "bengkulu": WIB, "lampung": WIB,
    # Jawa
    "dki jakarta": WIB, "jawa barat": WIB, "banten": WIB, "jawa tengah": WIB,
    "di yogyakarta": WIB, "jawa timur": WIB,
    # Kalimantan
    "kalimantan barat": PONTIANAK, "kalimantan tengah": PONTIANAK,
    "kalimantan selatan": WITA, "kalimantan timur": WITA, "kalimantan utara": WITA,
    # Bali and Nusa Tenggara
    "bali": WITA, "nusa tenggara barat": WITA, "nusa tenggara timur": WITA,
    # Sulawesi
    "sulawesi utara": WITA, "gorontalo": WITA, "sulawesi tengah": WITA,
    "sulawesi barat": WITA, "sulawesi selatan": WITA, "sulawesi tenggara": WITA,
    # Maluku and Papua
    "maluku": WIT, "maluku utara": WIT, "papua": WIT, "papua barat": WIT,
    "papua barat daya": WIT, "papua selatan": WIT, "papua tengah": WIT,
    "papua pegunungan": WIT,
}
"""The 38 provinces and the zone of their capital (and of every region in them)."""

ALIASES = {
    "daerah istimewa yogyakarta": "di yogyakarta", "diy": "di yogyakarta",
    "yogyakarta": "di yogyakarta", "d i yogyakarta": "di yogyakarta",
    "daerah khusus ibukota jakarta": "dki jakarta", "daerah khusus jakarta": "dki jakarta",
    "dk jakarta": "dki jakarta", "jakarta": "dki jakarta", "d k i jakarta": "dki jakarta",
    "nanggroe aceh darussalam": "aceh", "nad": "aceh",
    "bangka belitung": "kepulauan bangka belitung", "babel": "kepulauan bangka belitung",
    "kep bangka belitung": "kepulauan bangka belitung", "kep riau": "kepulauan riau",
    "kepri": "kepulauan riau", "sumut": "sumatera utara", "sumbar": "sumatera barat",
    "sumsel": "sumatera selatan", "jabar": "jawa barat", "jateng": "jawa tengah",
    "jatim": "jawa timur", "kalbar": "kalimantan barat", "kalteng": "kalimantan tengah",
    "kalsel": "kalimantan selatan", "kaltim": "kalimantan timur",
    "kaltara": "kalimantan utara", "ntb": "nusa tenggara barat",
    "ntt": "nusa tenggara timur", "sulut": "sulawesi utara", "sulteng": "sulawesi tengah",
    "sulbar": "sulawesi barat", "sulsel": "sulawesi selatan", "sultra": "sulawesi tenggara",
    "malut": "maluku utara", "papua barat daya": "papua barat daya",
}
ZONE_LABELS = {WIB: "WIB", PONTIANAK: "WIB", WITA: "WITA", WIT: "WIT"}


def _key(province: str) -> str:
    text = re.sub(r"[^a-z ]+", " ", (province or "").lower())
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(provinsi|prov|propinsi)\s+", "", text)
    return ALIASES.get(text, text)


def province_zone(province: str) -> str | None:
    """The IANA zone of a province by its name (``Jawa Timur``, ``Provinsi Bali``, ``DIY``,
    ``NTT`` ...), or None for a name that is not one of the 38."""
    return PROVINCE_ZONES.get(_key(province))


def _province_of(office: Any) -> str:
    """The province of an office profile (or of a stored office, through its profile)."""
    if office is None:
        return ""
    profile = getattr(office, "office_profile", office)
    if isinstance(profile, dict):
        return str(profile.get("province") or "")
    return str(getattr(profile, "province", "") or "")


def zone_name(office: Any = None) -> str:
    """The zone an office's day is counted in: DOCGEN_TIMEZONE when set (and known), else
    its province's, else Asia/Jakarta."""
    configured = os.environ.get(ENV, "").strip()
    if configured:
        try:
            ZoneInfo(configured)
            return configured
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return province_zone(_province_of(office)) or DEFAULT_ZONE


def office_now(office: Any = None) -> datetime:
    """Now, in the office's zone."""
    return datetime.now(ZoneInfo(zone_name(office)))


def office_today(office: Any = None) -> date:
    """Today in the office's zone: what a draft is dated when it has no date of its own."""
    return office_now(office).date()


def zone_label(office: Any = None) -> str:
    """``WIB``, ``WITA`` or ``WIT`` for the office's zone (the zone name otherwise)."""
    name = zone_name(office)
    return ZONE_LABELS.get(name, name)
