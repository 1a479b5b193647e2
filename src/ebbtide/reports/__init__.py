"""Report documents (HTML and PDF) and the charts in them."""
