"""Text from the workbooks written into what people open: the published pages and the audit dossier.

A workbook's cell is untrusted: « 2 Rue ${alert(document.domain)} » or « <script> » must read as text wherever it
lands. In HTML, text and attribute values are escaped; and since folium writes popups and tooltips inside
JavaScript template literals (`…`), where ${…} runs, the characters such a literal gives a meaning to ($, `, \\)
are written as character references too: the browser shows them, no script sees them. In Markdown, the same
references keep raw HTML out, and a table cell keeps its bars and line breaks from breaking the table.
"""

from __future__ import annotations

from html import escape

_TEMPLATE_LITERAL = str.maketrans({"$": "&#36;", "`": "&#96;", "\\": "&#92;"})


def html_text(value: object) -> str:
    """Safe as HTML text, as an attribute value in quotes, and inside a JavaScript template literal."""
    return escape(str(value)).translate(_TEMPLATE_LITERAL)


def markdown_text(value: object) -> str:
    """Safe in a Markdown line or table cell: no raw HTML, no column break, no line break."""
    return html_text(value).replace("|", "&#124;").replace("\r", " ").replace("\n", " ")
