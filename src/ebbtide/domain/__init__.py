"""Records, vocabularies, time rules and validation: the language of ebbtide."""
