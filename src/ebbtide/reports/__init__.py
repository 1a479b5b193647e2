"""Report documents (HTML and PDF) and the charts they share with the web app."""
