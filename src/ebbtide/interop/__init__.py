"""Import and export formats (iCalendar, …)."""
