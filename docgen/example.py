"""The example studies, ready to use: one at home (:func:`example_study`) and one abroad
(:func:`abroad_example_study`), as loaded :class:`~docgen.study.Study` objects.

Their data is built in :mod:`docgen.example_domestic` and :mod:`docgen.example_abroad`
(the travellers' realisation in :mod:`docgen.example_realisation`); ``example_data`` and
``abroad_example_data`` can still be imported from here.
"""

from __future__ import annotations

from docgen.example_abroad import abroad_example_data
from docgen.example_domestic import example_data
from docgen.study import Study, load_study


def example_study(fiscal_year: int = 2026) -> Study:
    return load_study(example_data(fiscal_year))


def abroad_example_study(fiscal_year: int = 2027) -> Study:
    return load_study(abroad_example_data(fiscal_year))
