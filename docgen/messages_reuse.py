"""Messages of what a study takes over instead of having it typed again: budget lines typed
in the browser, a copy from an earlier study, chosen candidates and aims carried forward.
Merged into :data:`docgen.messages.TEXTS`; imports nothing of docgen."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "budget_typed_empty": (
        "belum ada baris anggaran: isi paling sedikit satu baris (uraian, volume, harga "
        "satuan)",
        "no budget lines yet: fill in at least one row (description, volume, unit price)"),
}
