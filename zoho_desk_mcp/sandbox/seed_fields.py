"""Custom ticket fields for the default data set: an order ID, a "Service plan" picklist and a renewal date.

Values come from their own random stream per organization and go only on tickets without custom values yet,
after the organization is built, so every existing ID, count and text of the seed stays as it was.
"""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from typing import Any

SERVICE_PLANS = ("Basic", "Standard", "Premium", "Enterprise")
CUSTOM_FIELDS: tuple[dict[str, Any], ...] = (
    {"label": "Order ID", "apiName": "cf_order_id", "type": "Text"},
    {"label": "Service plan", "apiName": "cf_service_plan", "type": "Picklist", "allowedValues": list(SERVICE_PLANS)},
    {"label": "Renewal date", "apiName": "cf_renewal_date", "type": "Date"},
)
FIRST_RENEWAL = date(2026, 1, 1)


def add_custom_fields(org: dict[str, Any], seed: int) -> dict[str, Any]:
    """Declare the fields on a built organization and fill them on some of its tickets (deterministic)."""
    rng = random.Random(f"{seed}:{org['portalName']}:custom-fields")  # noqa: S311 - test data, not secrets
    org["customFields"] = copy.deepcopy(list(CUSTOM_FIELDS))  # a caller may edit its copy
    for ticket in org["tickets"]:
        if ticket.get("cf"):
            continue
        values: dict[str, str] = {}
        if rng.random() < 0.4:
            values["cf_service_plan"] = rng.choice(SERVICE_PLANS)
        if rng.random() < 0.15:
            values["cf_renewal_date"] = (FIRST_RENEWAL + timedelta(days=rng.randrange(365))).isoformat()
        if values:
            ticket["cf"] = values
    return org
