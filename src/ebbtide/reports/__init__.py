"""Report documents and the charts they share with the web app."""
