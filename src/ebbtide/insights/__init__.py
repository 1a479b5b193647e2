"""Pure analysis over data frames: no database, web or CLI imports here."""
