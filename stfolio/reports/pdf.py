"""PDF: the report's HTML page and its print CSS, laid out on A4 by WeasyPrint.

WeasyPrint (BSD) is pure Python over Pango, a system library most Linux desktops and macOS
(Homebrew) have; it is the optional extra ``stfolio[pdf]``, so that installing stfolio never
needs it. Each page carries the trainee's name, the report's title and "page n of m" in its
margins (the ``@page`` rules of the layout template). The page is self-contained, and a
portfolio's own template is other people's code to whoever renders it: WeasyPrint may fetch
nothing, not a file, not a URL (only inline ``data:`` images).
"""

from __future__ import annotations

from typing import Any

from stfolio.errors import PROBLEM, StfolioError
from stfolio.i18n import _

INSTALL = "pip install 'stfolio[pdf]'"


def _weasyprint() -> Any:
    """The WeasyPrint module, or a StfolioError that says how to install it."""
    try:
        import weasyprint
    except ImportError:
        raise StfolioError(
            _("PDF needs WeasyPrint, which is not installed"),
            hint=_(
                "install it with `{command}` (in the virtual environment stfolio runs in), or write HTML "
                "with `-f html` and print it from a browser"
            ).format(command=INSTALL),
            exit_code=PROBLEM,
        ) from None
    except OSError as exc:  # WeasyPrint is there, the Pango library it draws with is not
        raise StfolioError(
            _("PDF needs the Pango library, which WeasyPrint could not load: {error}").format(error=exc),
            hint=_(
                "install Pango (Debian and Ubuntu: `apt install libpango-1.0-0 libpangoft2-1.0-0`; "
                "macOS: `brew install pango`), or write HTML with `-f html` and print it from a browser"
            ),
            exit_code=PROBLEM,
        ) from None
    return weasyprint


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that fetches only inline data, never a file or the network."""
    urls = weasyprint.urls
    if hasattr(urls, "URLFetcher"):  # WeasyPrint 67 and later
        return urls.URLFetcher(allowed_protocols=("data",))

    def data_only(url: str, *args: Any, **kwargs: Any) -> Any:  # earlier: a function
        if not url.startswith("data:"):
            raise ValueError(f"stfolio reports fetch nothing: {url}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return data_only


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained report page."""
    weasyprint = _weasyprint()
    import logging

    # WeasyPrint logs every refused fetch and unsupported CSS property; the report is ours.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint), base_url=None)
    data: bytes = document.write_pdf()
    return data
