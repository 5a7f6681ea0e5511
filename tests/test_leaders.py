"""Office holders named by a compound of countries and a role word (中美元首)."""

from kg.extract.leaders import Leaders, load_roles
from kg.reference import default_reference


def _leaders() -> Leaders:
    return Leaders(default_reference(), load_roles())


def test_holder_on_a_date() -> None:
    lead = _leaders()
    assert lead.holder("country/US", "元首", "2018-05-01") == "person/donald-trump"
    assert lead.holder("country/US", "元首", "2022-05-01") == "person/joe-biden"


def test_two_holders_in_one_month_is_no_answer() -> None:
    """January 2021 had two US presidents: the compound names nobody then."""
    assert _leaders().holder("country/US", "元首", "2021-01") is None


def test_unknown_role_names_nobody() -> None:
    assert _leaders().holder("country/CN", "大使", "2022-05-01") is None
