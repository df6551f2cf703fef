import re

from django.core.exceptions import ValidationError

# Eight characters: eight digits (England and Wales), or a two-letter prefix such as SC (Scotland),
# NI (Northern Ireland) or OC (LLP) followed by six digits.
# ASCII digits only: \d would also take Arabic-Indic and other digits that Companies House never issues.
COMPANIES_HOUSE_NUMBER = re.compile(r"^(?:[0-9]{8}|[A-Z]{2}[0-9]{6})$")


def normalise_companies_house_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_companies_house_number(value: str) -> None:
    if value and not COMPANIES_HOUSE_NUMBER.match(value):
        raise ValidationError(
            "Enter a Companies House number in the correct format, like 01234567 or SC123456",
            code="invalid_companies_house_number",
        )
