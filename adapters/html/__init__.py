"""HTML rendering shared by the web pages and the ``plbot`` exports: templates, styles, reviews, the intranet export."""
