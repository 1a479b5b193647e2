"""Import and export formats: ebbtide JSON and CSV, Daylio, vCard and iCalendar."""
