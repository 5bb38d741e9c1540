"""The study's people: a person as letters name them, an official who signs, a
traveller of the team, and a contact at the host.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from docgen import idformat
from docgen.personnel import Eselon, Sex
from docgen.study_fields import F, Model, OptDate, Text
from docgen.study_labels import ROLES, label


class Person(Model):
    """A person as letters name them: name with titles, NIP, pangkat/golongan, jabatan."""

    name: Text = F("Nama (tanpa gelar)", "Name (without titles)", "")
    title_front: Text = F("Gelar depan", "Title before the name", "",
                          description="Contoh: Dr., Ir., drh.")
    title_back: Text = F("Gelar belakang", "Title after the name", "",
                         description="Contoh: S.E., M.Si.")
    nip: str | None = F("NIP", "NIP (civil-servant number)", None,
                        description="18 digit; kosongkan untuk non-ASN")
    golongan: str | None = F("Golongan", "Golongan (grade)", None, description="Contoh: III/d")
    jabatan: Text = F("Jabatan", "Position", "")
    eselon: Eselon = F("Eselon", "Eselon", "")
    birth_date: OptDate = F("Tanggal lahir", "Date of birth", None)
    sex: Sex = F("Jenis kelamin", "Sex", "")

    @field_validator("nip", mode="before")
    @classmethod
    def _nip(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return idformat.parse_nip(str(value)).digits
        except idformat.NipError as exc:
            raise PydanticCustomError(exc.code, exc.message_en) from None

    @field_validator("golongan", mode="before")
    @classmethod
    def _golongan(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return idformat.normalize_golongan(str(value))
        except ValueError:
            raise PydanticCustomError(
                "golongan", "golongan {value} is not known", {"value": str(value)}
            ) from None

    @property
    def full_name(self) -> str:
        """Name with academic titles: "Dr. Ir. Budi Santoso, S.E., M.Si."."""
        name = " ".join(p for p in (self.title_front, self.name) if p)
        return f"{name}, {self.title_back}" if self.title_back else name

    @property
    def nip_formatted(self) -> str:
        return idformat.format_nip(self.nip) if self.nip else ""

    @property
    def pangkat(self) -> str:
        return idformat.pangkat(self.golongan) if self.golongan else ""

    @property
    def pangkat_golongan(self) -> str:
        return idformat.pangkat_golongan(self.golongan) if self.golongan else ""

    @property
    def is_asn(self) -> bool:
        return bool(self.nip)


class Official(Person):
    """An official who may sign: the definitive jabatan plus acting status."""

    acting: Literal["definitif", "plt", "plh", "pj"] = F("Status jabatan", "Acting status",
                                                         "definitif")

    @property
    def acting_prefix(self) -> str:
        """"Plt. ", "Plh. ", "Pj. " or nothing."""
        return {"plt": "Plt. ", "plh": "Plh. ", "pj": "Pj. "}.get(self.acting, "")

    @property
    def jabatan_signed(self) -> str:
        """The jabatan as printed above the signature: "Plt. Kepala ..."."""
        return self.acting_prefix + self.jabatan


class Contact(Model):
    """A contact person at the host institution."""

    name: Text = F("Nama", "Name", "")
    jabatan: Text = F("Jabatan", "Position", "")
    phone: Text = F("Telepon", "Phone", "")
    email: Text = F("Surel", "E-mail", "")


class TeamMember(Person):
    """A traveller: a person with a role in the team and a travel cost level."""

    role: Literal["ketua", "anggota"] = F("Kedudukan dalam tim", "Role in the team", "anggota")
    cost_level: Text = F("Tingkat biaya perjalanan dinas", "Travel cost level", "",
                         description="Contoh: C")
    phone: Text = F("Telepon", "Phone", "")
    birth_place: Text = F("Tempat lahir", "Place of birth", "")
    passport_number: str | None = F("Nomor paspor", "Passport number", None,
                                    description="Untuk perjalanan ke luar negeri; contoh: "
                                                "B1234567")

    @field_validator("passport_number", mode="before")
    @classmethod
    def _passport(cls, value: Any) -> str | None:
        """Letters and digits only, 6 to 9 of them, in capitals (spaces and hyphens typed
        between them are dropped): a light check, not a country's exact format."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = re.sub(r"[\s-]", "", str(value)).upper()
        if not re.fullmatch(r"[A-Z0-9]{6,9}", text) or not re.search(r"[0-9]", text):
            raise PydanticCustomError(
                "passport_number", "a passport number has 6 to 9 letters and digits, "
                "e.g. B1234567; got {value}", {"value": str(value)})
        return text

    @property
    def role_label(self) -> str:
        return label(ROLES, self.role)

    @property
    def birth_place_date(self) -> str:
        """"Sleman, 14 Februari 1975" (tempat, tanggal lahir); what is known of it."""
        when = idformat.tanggal(self.birth_date) if self.birth_date else ""
        return ", ".join(p for p in (self.birth_place, when) if p)
