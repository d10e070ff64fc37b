# English pages keep the Vietnamese dates (dd/mm/yyyy); only the number separators differ.
from binhdan.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
