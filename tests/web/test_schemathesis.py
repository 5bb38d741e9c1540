"""Property-based testing of the JSON API against its own OpenAPI description
(``/api/v1/openapi.json``): for every operation, requests generated from the description
(path, query and body), sent in process with a staff token, never answer 5xx, and answer
only documented statuses and content types with bodies that match their schemas.

Each operation runs with generated ids (mostly ones that name nothing: 404) and with the
ids of a real study, register entry and file of the token user's office (so the requests
reach the views' own checks), each with data that fits the description and data that does
not (which must be refused with a 4xx). The run is derandomized (the same examples every
time) and bounded (``EXAMPLES`` per operation, id set and mode), on SQLite and, where it
is reachable, PostgreSQL."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from docgen.store import ApiToken, ArchiveFile, ArchiveRecord, User
from tests.web.pages import credential, fresh_demo_study

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

API = "/api/v1"
EXAMPLES = 25
"""Examples per operation, id set (generated ids, real ones) and generation mode (data
that fits the description, data that does not)."""
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def _token(app, role: str) -> str:
    store = app.extensions["docgen_store"]
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.email == credential(app, role).email))
        row, token = ApiToken.issue(user, "schemathesis")
        session.add(row)
    return token


def _real_ids(app, names: set[str], serial: int) -> dict[str, object]:
    """Ids of the demo office for the path parameters `names`: a fresh copy of the demo study
    (stages 1 to 4, so its SPT and SPDs can be made and issued), the first register entry
    and its first file; the kind is the SPT, or the SPD when an item is named."""
    store = app.extensions["docgen_store"]
    with store.session() as session:
        record = session.scalars(select(ArchiveRecord).order_by(ArchiveRecord.id)).first()
        assert record is not None, "the demo register is not empty"
        kept = session.scalar(select(ArchiveFile.id).order_by(ArchiveFile.id))
        record_id = record.id
    ids: dict[str, object] = {"record_id": record_id, "file_id": kept or 1, "item": 0,
                              "kind_id": "spd" if "item" in names else "spt"}
    if "study_id" in names:
        ids["study_id"] = fresh_demo_study(app, f"sb-uji-schemathesis-{serial}")
    return {name: value for name, value in ids.items() if name in names}


def _explore(strategy, headers: dict[str, str], counted: Counter[str], label: str) -> None:
    """Send `EXAMPLES` cases of `strategy` and check each answer (the first failure is
    raised, shrunk to a small example)."""

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case) -> None:
        counted[label] += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_the_api_keeps_to_its_description(make_app, db_url, capsys):
    app = make_app({"DATABASE_URL": db_url, "ARCHIVE_PDF": False})  # no PDF/A: no LibreOffice
    headers = {"Authorization": f"Bearer {_token(app, 'staff')}"}
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    counted: Counter[str] = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15, "every operation of the API is described"
    for serial, operation in enumerate(operations):
        names = {p.name for p in operation.path_parameters}
        id_sets = [None, _real_ids(app, names, serial)] if names else [None]
        for fixed, mode in [(ids, mode) for ids in id_sets for mode in GenerationMode]:
            strategy = operation.as_strategy(mode, path_parameters=fixed) if fixed \
                else operation.as_strategy(mode)
            try:
                _explore(strategy, headers, counted, operation.label)
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - all are tried
                failures.append(f"{operation.label} ({'real' if fixed else 'any'} ids, {mode}): "
                                f"{exc}"[:3000])
    total = sum(counted.values())
    with capsys.disabled():
        print(f"\nschemathesis ({db_url.split(':', 1)[0]}): {total} examples over "
              f"{len(operations)} operations")
    assert not failures, "\n\n".join(failures)
    assert total >= len(operations) * 10
