"""CSV cells a spreadsheet program will not run: the one guard for every CSV export.

Customer, product and user names are typed by customers and partners. A cell starting with `=`, `+`,
`-`, `@`, a tab or a carriage return is read as a formula by Excel and LibreOffice, so OWASP's CSV
injection advice is to prefix such text with a single quote. Only text columns go through here:
amounts are numbers the exporter formats itself, and a credit's "-40.00" must stay a number.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """`value` as CSV text that opens as text: '' for None, a leading quote before a formula start."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
