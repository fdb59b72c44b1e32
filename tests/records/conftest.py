"""Living-together personas: on top of the safeguarding ones (scheme A's coordinator and manager,
carer X's household, person P and their family, P's live-in arrangement with X), a representative
of P who may see records, and carer Y, whose household does not support P."""

import pytest
from django.test import Client

from tests.factories import sign_in
from tests.safeguarding.conftest import *  # noqa: F403  (arrangement_px, lead_a and all below)


@pytest.fixture
def family_sees_records(family_with_authority):
    """P's mum (a user), who holds an LPA, and whom the scheme lets read P's records."""
    family_with_authority.representations.update(may_see_records=True)
    return family_with_authority


@pytest.fixture
def client_family_sees_records(family_sees_records):
    return sign_in(Client(), family_sees_records)
